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

  /** A task was created in {@code status}. */
  public void created(TaskStatus status) {
    inc(status, 1);
  }

  /** A task moved from {@code from} to {@code to}. */
  public void moved(TaskStatus from, TaskStatus to) {
    if (from != to) {
      inc(from, -1);
      inc(to, 1);
    }
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
    return counts;
  }

  private static Map<TaskStatus, Long> zeros() {
    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    for (TaskStatus status : TaskStatus.values()) {
      counts.put(status, 0L);
    }
    return counts;
  }
}
