package dev.taskmill.idempotency;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.failure.Conflict;
import dev.taskmill.failure.Invalid;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * The idempotency keys users sent, each with the request it was first used for and, once that
 * request succeeded, its answer. A key belongs to one user: the document's {@code _id} is the
 * user's id and the key, so the uniqueness of (user, key) is the {@code _id} index every backend
 * enforces (as for users), and two racing first uses of one key insert once. A key is forgotten
 * {@code taskmill.idempotency.ttl} after its first use: a read treats an expired key as absent, and
 * {@link ExpiredIdempotencyKeys} deletes them, so expiry needs no TTL index (which the embedded
 * server does not have).
 */
@ApplicationScoped
public class IdempotencyKeys {

  static final String COLLECTION = "idempotency_keys";
  private static final String IN_PROGRESS = "IN_PROGRESS";
  private static final String DONE = "DONE";

  private final MongoDatabase database;
  private final Clock clock;
  private final Duration ttl;

  IdempotencyKeys(MongoDatabase database, Clock clock, TaskmillConfig config) {
    this.database = database;
    this.clock = clock;
    this.ttl = config.idempotency().ttl();
  }

  private MongoCollection<Document> keys() {
    return database.getCollection(COLLECTION);
  }

  /**
   * Claims {@code key} of {@code owner} for a request with {@code fingerprint} (method, path and
   * body, hashed). One insert when the key is new; else the earlier use decides.
   *
   * @param content the hash of the request's streamed content (an upload's file), computed only
   *     when an earlier use recorded one to compare with; null when the request has none
   * @throws Invalid when the key was used for a different request (422)
   * @throws Conflict when the key's first request is still being served (409)
   */
  public KeyClaim claim(String owner, String key, String fingerprint, Supplier<String> content) {
    String id = id(owner, key);
    Instant now = clock.instant();
    // Another round only after the earlier use vanished (released or expired) between insert and
    // read; three rounds losing that race in a row means heavy contention on one key: a 409.
    for (int round = 0; round < 3; round++) {
      if (insert(id, owner, key, fingerprint, now)) {
        return new KeyClaim.First();
      }
      Document earlier = keys().find(Filters.eq("_id", id)).first();
      if (earlier == null) {
        continue; // released or expired between the insert and the read
      }
      Date expiresAt = earlier.getDate("expiresAt");
      if (!expiresAt.toInstant().isAfter(now)) {
        keys().deleteOne(Filters.and(Filters.eq("_id", id), Filters.eq("expiresAt", expiresAt)));
        continue;
      }
      return repeat(earlier, key, fingerprint, content);
    }
    throw new Conflict(
        "A request with Idempotency-Key '" + key + "' is being served right now; try again soon.");
  }

  private static KeyClaim repeat(
      Document earlier, String key, String fingerprint, Supplier<String> content) {
    boolean same = fingerprint.equals(earlier.getString("fingerprint"));
    String contentHash = earlier.getString("contentHash");
    if (same && contentHash != null && content != null) {
      same = contentHash.equals(content.get());
    }
    if (!same) {
      throw new Invalid(
          "Idempotency-Key '"
              + key
              + "' was already used for a different request (another method, path or body)."
              + " Send the first request again unchanged to get its answer, or use a new key for"
              + " a new request.");
    }
    if (IN_PROGRESS.equals(earlier.getString("state"))) {
      throw new Conflict(
          "The first request with Idempotency-Key '"
              + key
              + "' is still being served; repeat this one when it has been answered.");
    }
    return new KeyClaim.Repeat(
        new StoredAnswer(
            earlier.getInteger("status"),
            earlier.getString("location"),
            earlier.getString("body")));
  }

  private boolean insert(String id, String owner, String key, String fingerprint, Instant now) {
    try {
      keys()
          .insertOne(
              new Document("_id", id)
                  .append("owner", owner)
                  .append("key", key)
                  .append("fingerprint", fingerprint)
                  .append("state", IN_PROGRESS)
                  .append("createdAt", Date.from(now))
                  .append("expiresAt", Date.from(now.plus(ttl))));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      return false;
    }
  }

  /**
   * Records the answer to the first request with {@code key}; repeats get it from now on.
   *
   * @param contentHash the hash of the request's streamed content (an upload's file), or null
   */
  public void finish(String owner, String key, StoredAnswer answer, String contentHash) {
    keys()
        .updateOne(
            Filters.and(Filters.eq("_id", id(owner, key)), Filters.eq("state", IN_PROGRESS)),
            Updates.combine(
                Updates.set("state", DONE),
                Updates.set("status", answer.status()),
                Updates.set("location", answer.location()),
                Updates.set("body", answer.body()),
                Updates.set("contentHash", contentHash)));
  }

  /**
   * Forgets a key whose first request failed: it created nothing, so the key may be used again (a
   * corrected request, or the same one once the cause is gone).
   */
  public void release(String owner, String key) {
    keys()
        .deleteOne(
            Filters.and(Filters.eq("_id", id(owner, key)), Filters.eq("state", IN_PROGRESS)));
  }

  /** Deletes the keys past their time; returns how many. */
  public long deleteExpired() {
    return keys()
        .deleteMany(Filters.lte("expiresAt", Date.from(clock.instant())))
        .getDeletedCount();
  }

  /** The owner's length first: no (owner, key) pair can spell another's id, whatever they hold. */
  private static String id(String owner, String key) {
    return owner.length() + ":" + owner + ":" + key;
  }
}
