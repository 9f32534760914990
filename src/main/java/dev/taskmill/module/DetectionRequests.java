package dev.taskmill.module;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * Detection passes through the database, for instances that set nothing up themselves: an {@code
 * api} instance asked to detect (or to enable or reinstall a module) writes a request that the
 * workers pick up, and every pass writes its summary, so any instance can report the latest one.
 */
@ApplicationScoped
public class DetectionRequests {

  private static final String REQUEST = "request";
  private static final String LATEST = "latest";

  private final MongoDatabase database;

  DetectionRequests(MongoDatabase database) {
    this.database = database;
  }

  MongoCollection<Document> collection() {
    return database.getCollection("module_detection");
  }

  /** Asks the workers for a pass with {@code run}'s id. */
  public void request(DetectionRun run) {
    collection()
        .replaceOne(
            Filters.eq("_id", REQUEST),
            new Document("_id", REQUEST)
                .append("run", run.id())
                .append("requestedAt", Date.from(run.startedAt())),
            new ReplaceOptions().upsert(true));
  }

  /** The id of the latest requested pass, if any was ever requested. */
  public Optional<String> requested() {
    Document doc = collection().find(Filters.eq("_id", REQUEST)).first();
    return Optional.ofNullable(doc).map(d -> d.getString("run"));
  }

  /** Records the state of a pass (running or finished) as the latest one. */
  public void record(DetectionRun run) {
    Document pass = new Document();
    run.summary()
        .forEach(
            (key, value) ->
                pass.append(key, value instanceof Instant instant ? Date.from(instant) : value));
    collection()
        .replaceOne(
            Filters.eq("_id", LATEST),
            new Document("_id", LATEST).append("pass", pass),
            new ReplaceOptions().upsert(true));
  }

  /** The latest recorded pass, by whichever instance ran or requested it. */
  public Optional<DetectionRun> latest() {
    Document doc = collection().find(Filters.eq("_id", LATEST)).first();
    Document pass = doc == null ? null : doc.get("pass", Document.class);
    if (pass == null) {
      return Optional.empty();
    }
    Map<DetectionDecision, Integer> counts = new EnumMap<>(DetectionDecision.class);
    Document stored = pass.get("counts", Document.class);
    for (DetectionDecision decision : DetectionDecision.values()) {
      if (stored != null && stored.get(decision.name()) instanceof Number number) {
        counts.put(decision, number.intValue());
      }
    }
    Date finished = pass.getDate("finishedAt");
    return Optional.of(
        DetectionRun.restore(
            pass.getString("id"),
            pass.getDate("startedAt").toInstant(),
            finished == null ? null : finished.toInstant(),
            counts,
            pass.getString("error")));
  }
}
