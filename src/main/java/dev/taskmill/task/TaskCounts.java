package dev.taskmill.task;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Tasks by status as counters that every transition moves ({@code $inc}), so dashboards and metrics
 * read six small documents instead of aggregating the whole task history. The full sweep recounts
 * them from the tasks, which repairs what a crash between two writes (or a document written around
 * the service) put off.
 */
@ApplicationScoped
public class TaskCounts {

  static MongoCollection<Document> collection() {
    return Task.mongoDatabase().getCollection("task_counts");
  }

  /** The same counters per owner, so a user's dashboard counts only the user's tasks. */
  static MongoCollection<Document> byOwner() {
    return Task.mongoDatabase().getCollection("task_counts_by_owner");
  }

  /** A task of {@code owner} was created in {@code status}. */
  public void created(String owner, TaskStatus status) {
    inc(status, 1);
    inc(owner, status, 1);
  }

  /** A task of {@code owner} moved from {@code from} to {@code to}. */
  public void moved(String owner, TaskStatus from, TaskStatus to) {
    if (from != to) {
      inc(from, -1);
      inc(to, 1);
      inc(owner, from, -1);
      inc(owner, to, 1);
    }
  }

  private static String ownerKey(String owner, TaskStatus status) {
    return status.name() + "@" + owner;
  }

  private static void inc(String owner, TaskStatus status, long by) {
    if (owner == null) {
      return;
    }
    byOwner()
        .updateOne(
            Filters.eq("_id", ownerKey(owner, status)),
            Updates.combine(
                Updates.inc("n", by),
                Updates.setOnInsert("owner", owner),
                Updates.setOnInsert("status", status.name())),
            new UpdateOptions().upsert(true));
  }

  /** Tasks of {@code owner} by status, every status present. */
  public Map<TaskStatus, Long> read(String owner) {
    Map<TaskStatus, Long> counts = zeros();
    // One read of the owner's few counters, not one per status.
    for (Document doc : byOwner().find(Filters.eq("owner", owner))) {
      Object n = doc.get("n");
      counts.put(
          TaskStatus.valueOf(doc.getString("status")),
          n instanceof Number v ? Math.max(0, v.longValue()) : 0);
    }
    return counts;
  }

  private static void inc(TaskStatus status, long by) {
    collection()
        .updateOne(
            Filters.eq("_id", status.name()),
            Updates.inc("n", by),
            new UpdateOptions().upsert(true));
  }

  /** Tasks by status, every status present. */
  public Map<TaskStatus, Long> read() {
    Map<TaskStatus, Long> counts = zeros();
    for (Document doc : collection().find()) {
      Object n = doc.get("n");
      counts.put(
          TaskStatus.valueOf(doc.getString("_id")),
          n instanceof Number v ? Math.max(0, v.longValue()) : 0);
    }
    return counts;
  }

  /** Counts the tasks themselves (one aggregation over all of them) and stores the result. */
  public Map<TaskStatus, Long> recount() {
    Map<TaskStatus, Long> counts = zeros();
    Task.mongoDatabase()
        .getCollection("tasks")
        .aggregate(List.of(Aggregates.group("$status", Accumulators.sum("n", 1))))
        .forEach(
            doc -> {
              Object status = doc.get("_id");
              if (status != null) {
                counts.put(
                    TaskStatus.valueOf(status.toString()), ((Number) doc.get("n")).longValue());
              }
            });
    counts.forEach(
        (status, n) ->
            collection()
                .replaceOne(
                    Filters.eq("_id", status.name()),
                    new Document("_id", status.name()).append("n", n),
                    new ReplaceOptions().upsert(true)));
    recountByOwner();
    return counts;
  }

  private static void recountByOwner() {
    Map<String, Document> fresh = new java.util.HashMap<>();
    Task.mongoDatabase()
        .getCollection("tasks")
        .aggregate(
            List.of(
                Aggregates.group(
                    new Document("owner", "$owner").append("status", "$status"),
                    Accumulators.sum("n", 1))))
        .forEach(
            doc -> {
              Document key = doc.get("_id", Document.class);
              Object owner = key == null ? null : key.get("owner");
              Object status = key == null ? null : key.get("status");
              if (owner != null && status != null) {
                String id = ownerKey(owner.toString(), TaskStatus.valueOf(status.toString()));
                fresh.put(
                    id,
                    new Document("_id", id)
                        .append("owner", owner.toString())
                        .append("status", status.toString())
                        .append("n", ((Number) doc.get("n")).longValue()));
              }
            });
    for (Document stale : byOwner().find()) {
      String id = stale.getString("_id");
      if (id != null && !fresh.containsKey(id)) {
        byOwner().updateOne(Filters.eq("_id", id), Updates.set("n", 0L));
      }
    }
    fresh.forEach(
        (id, doc) ->
            byOwner().replaceOne(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true)));
  }

  private static Map<TaskStatus, Long> zeros() {
    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    for (TaskStatus status : TaskStatus.values()) {
      counts.put(status, 0L);
    }
    return counts;
  }

  /** {@code n} tasks of {@code owner} were created in {@code status} (a batch: one write each). */
  public void created(String owner, TaskStatus status, long n) {
    inc(status, n);
    inc(owner, status, n);
  }
}
