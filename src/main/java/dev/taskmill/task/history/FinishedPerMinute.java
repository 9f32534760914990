package dev.taskmill.task.history;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.taskmill.task.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Tasks that succeeded and failed per minute, read from the tasks' own {@code finishedAt} on the
 * (status, finishedAt) index: nothing is counted on the side, so the history is right on every
 * instance, after restarts, and after a retry moved a task's end (docs/decisions.md, "Throughput
 * history").
 */
@ApplicationScoped
public class FinishedPerMinute {

  /** Per bucket, how many ended each way; the modules that ended any task in the window. */
  public record Counts(long[] succeeded, long[] failed, Set<String> modules) {}

  private final MongoDatabase database;

  FinishedPerMinute(MongoDatabase database) {
    this.database = database;
  }

  /**
   * The tasks of {@code owner} (null: everyone's) that ended in {@code window}, counted per minute;
   * only those of {@code module} when it is not null (the modules are those of every task).
   */
  public Counts count(MinuteBuckets window, String owner, String module) {
    long[] succeeded = new long[window.count()];
    long[] failed = new long[window.count()];
    Set<String> modules = new TreeSet<>();
    List<Bson> filters = new ArrayList<>();
    filters.add(Filters.in("status", TaskStatus.SUCCEEDED.name(), TaskStatus.FAILED.name()));
    filters.add(Filters.gte("finishedAt", Date.from(window.start())));
    if (owner != null) {
      filters.add(Filters.eq("owner", owner));
    }
    database
        .getCollection("tasks")
        .find(Filters.and(filters))
        .projection(Projections.include("module", "status", "finishedAt"))
        .forEach(
            task -> {
              String name = task.getString("module");
              if (name != null) {
                modules.add(name);
              }
              int bucket = bucketOf(window, task);
              if (bucket < 0 || (module != null && !module.equals(name))) {
                return;
              }
              if (TaskStatus.SUCCEEDED.name().equals(task.getString("status"))) {
                succeeded[bucket]++;
              } else {
                failed[bucket]++;
              }
            });
    return new Counts(succeeded, failed, modules);
  }

  private static int bucketOf(MinuteBuckets window, Document task) {
    return task.get("finishedAt") instanceof Date at ? window.indexOf(at.toInstant()) : -1;
  }
}
