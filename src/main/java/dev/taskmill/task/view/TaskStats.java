package dev.taskmill.task.view;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Counts for dashboards and metrics: tasks by status, counted on an index, and per-module run
 * statistics kept as counters that each finished run increments, so reading them never scans the
 * tasks.
 */
@ApplicationScoped
public class TaskStats {

  private final TaskRepository tasks;

  private final MongoDatabase database;

  TaskStats(TaskRepository tasks, MongoDatabase database) {
    this.tasks = tasks;
    this.database = database;
  }

  /** Runs of one module. */
  public record ModuleRuns(
      String module, long runs, long succeeded, long failed, double meanMillis) {
    /** Succeeded runs over finished runs, 0..1; 0 before the first run. */
    public double successRate() {
      return runs == 0 ? 0 : (double) succeeded / runs;
    }
  }

  private MongoCollection<Document> moduleStats() {
    return database.getCollection("module_stats");
  }

  /** Tasks by status, every status present (counted on the status index). */
  public Map<TaskStatus, Long> countByStatus() {
    return tasks.countByStatus(null);
  }

  /** Tasks of {@code owner} by status; every task when {@code owner} is null. */
  public Map<TaskStatus, Long> countByStatus(String owner) {
    return tasks.countByStatus(owner);
  }

  /** Records one finished run of {@code module}. */
  public void recordRun(String module, boolean succeeded, long millis) {
    moduleStats()
        .findOneAndUpdate(
            Filters.eq("_id", module),
            Updates.combine(
                Updates.inc("runs", 1L),
                Updates.inc(succeeded ? "succeeded" : "failed", 1L),
                Updates.inc("totalMillis", succeeded ? millis : 0L)),
            new FindOneAndUpdateOptions().upsert(true));
  }

  /** Run statistics of every module that ran, by name. */
  public List<ModuleRuns> moduleRuns() {
    List<ModuleRuns> runs = new ArrayList<>();
    for (Document doc : moduleStats().find().sort(Sorts.ascending("_id"))) {
      long succeeded = number(doc, "succeeded");
      runs.add(
          new ModuleRuns(
              doc.getString("_id"),
              number(doc, "runs"),
              succeeded,
              number(doc, "failed"),
              succeeded == 0 ? 0 : (double) number(doc, "totalMillis") / succeeded));
    }
    return runs;
  }

  private static long number(Document doc, String field) {
    Object value = doc.get(field);
    return value instanceof Number n ? n.longValue() : 0;
  }
}
