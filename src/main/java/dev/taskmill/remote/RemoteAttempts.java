package dev.taskmill.remote;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * One record per attempt a remote worker claimed, keyed by its lease token: which worker claimed
 * which task, the output files it uploaded (staged: stored, referenced by no item yet) and the
 * answer to its report. So a token always names its task and worker (a lease token of someone else
 * is simply not found), a report repeated after a network cut gets the first answer, and staged
 * files of an attempt that lost its lease are found and deleted.
 */
@ApplicationScoped
public class RemoteAttempts {

  /** One staged upload: the output port and the stored file. */
  public record Staged(
      String port, String storageKey, long size, String sha256, String mediaType) {}

  /** The answer given to an attempt's report, kept to answer a repeat the same way. */
  public record Answer(String fingerprint, int status, String taskStatus, String detail) {}

  /** What is known of one claimed attempt. */
  public record Attempt(
      String token,
      String taskId,
      String workerId,
      Instant claimedAt,
      List<Staged> staged,
      Answer answer) {}

  private final MongoDatabase database;
  private final Clock clock;

  RemoteAttempts(MongoDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  private MongoCollection<Document> collection() {
    return database.getCollection("remote_attempts");
  }

  /** Records that {@code workerId} claimed {@code taskId} under {@code token}. */
  void claimed(String token, String taskId, String workerId) {
    collection()
        .insertOne(
            new Document("_id", token)
                .append("taskId", taskId)
                .append("workerId", workerId)
                .append("claimedAt", Date.from(clock.instant()))
                .append("staged", List.of()));
  }

  /** The attempt under {@code token} when it is an attempt of {@code taskId}. */
  Optional<Attempt> find(String token, String taskId) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    Document doc = collection().find(Filters.eq("_id", token)).first();
    return Optional.ofNullable(doc)
        .map(RemoteAttempts::attempt)
        .filter(a -> a.taskId().equals(taskId));
  }

  /**
   * Records {@code staged} for its port, replacing an earlier upload of the same port.
   *
   * @return the upload it replaced, whose file the caller deletes
   */
  Optional<Staged> stage(String token, Staged staged) {
    Document before =
        collection()
            .findOneAndUpdate(
                Filters.eq("_id", token),
                Updates.pull("staged", new Document("port", staged.port())),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
    collection().updateOne(Filters.eq("_id", token), Updates.push("staged", document(staged)));
    return before == null
        ? Optional.empty()
        : attempt(before).staged().stream().filter(s -> s.port().equals(staged.port())).findFirst();
  }

  /** Forgets the staged uploads of {@code token} (published, or their files deleted). */
  void unstage(String token) {
    collection().updateOne(Filters.eq("_id", token), Updates.set("staged", List.of()));
  }

  /** Keeps {@code answer} as the answer to the attempt's report. */
  void answered(String token, Answer answer) {
    collection()
        .updateOne(
            Filters.eq("_id", token),
            Updates.set(
                "answer",
                new Document("fingerprint", answer.fingerprint())
                    .append("status", answer.status())
                    .append("taskStatus", answer.taskStatus())
                    .append("detail", answer.detail())));
  }

  /** Calls {@code action} with every attempt that still has staged uploads. */
  void forEachStaged(Consumer<Attempt> action) {
    collection().find(Filters.exists("staged.0")).forEach(doc -> action.accept(attempt(doc)));
  }

  /** Deletes the records of attempts claimed before {@code before} that stage nothing. */
  long forgetBefore(Instant before) {
    return collection()
        .deleteMany(
            Filters.and(
                Filters.lt("claimedAt", Date.from(before)),
                Filters.not(Filters.exists("staged.0"))))
        .getDeletedCount();
  }

  /** Of {@code storageKeys}, those an attempt has staged. */
  java.util.Set<String> stagedKeys(java.util.Collection<String> storageKeys) {
    java.util.Set<String> staged = new java.util.HashSet<>();
    if (storageKeys.isEmpty()) {
      return staged;
    }
    collection()
        .find(Filters.in("staged.storageKey", storageKeys))
        .projection(com.mongodb.client.model.Projections.include("staged.storageKey"))
        .forEach(
            doc ->
                doc.getList("staged", Document.class, List.of()).stream()
                    .map(s -> s.getString("storageKey"))
                    .filter(storageKeys::contains)
                    .forEach(staged::add));
    return staged;
  }

  private static Document document(Staged s) {
    return new Document("port", s.port())
        .append("storageKey", s.storageKey())
        .append("size", s.size())
        .append("sha256", s.sha256())
        .append("mediaType", s.mediaType());
  }

  private static Attempt attempt(Document doc) {
    Document answer = doc.get("answer", Document.class);
    return new Attempt(
        doc.getString("_id"),
        doc.getString("taskId"),
        doc.getString("workerId"),
        doc.getDate("claimedAt") == null ? null : doc.getDate("claimedAt").toInstant(),
        doc.getList("staged", Document.class, List.of()).stream()
            .map(
                s ->
                    new Staged(
                        s.getString("port"),
                        s.getString("storageKey"),
                        ((Number) s.get("size", 0L)).longValue(),
                        s.getString("sha256"),
                        s.getString("mediaType")))
            .toList(),
        answer == null
            ? null
            : new Answer(
                answer.getString("fingerprint"),
                ((Number) answer.get("status", 0)).intValue(),
                answer.getString("taskStatus"),
                answer.getString("detail")));
  }
}
