package dev.taskmill.task.view;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.taskmill.mongo.Journal;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.TaskStatus;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Counts for dashboards and metrics: tasks by status, counted on an index, and per-module run
 * statistics kept as counters that each finished run increments, so reading them never scans the
 * tasks.
 */
@ApplicationScoped
public class TaskStats {

  /** How many of a module's latest succeeded run times are kept (what its typical time is of). */
  public static final int RECENT_RUNS = 20;

  private final TaskRepository tasks;
  private final PendingRuns pending = new PendingRuns();

  /** Held by a write of the pending runs and by a read, which so never misses runs in transit. */
  private final Object writing = new Object();

  private final MongoDatabase database;

  TaskStats(TaskRepository tasks, MongoDatabase database) {
    this.tasks = tasks;
    this.database = database;
  }

  /**
   * Runs of one module; {@code recentMillis}: the durations of its latest succeeded runs (at most
   * {@link #RECENT_RUNS}), oldest first.
   */
  public record ModuleRuns(
      String module,
      long runs,
      long succeeded,
      long failed,
      double meanMillis,
      List<Long> recentMillis) {
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

  /**
   * Records one finished run of {@code module}: written with the others of the same second ({@link
   * #writeRuns}); this instance's reads include it at once. A crash loses at most that second of
   * statistics, never a task's state.
   */
  public void recordRun(String module, boolean succeeded, long millis) {
    pending.add(module, succeeded, millis);
  }

  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledWrite() {
    writeRuns();
  }

  @PreDestroy
  void writeBeforeStop() {
    try {
      writeRuns();
    } catch (RuntimeException e) {
      // The database is gone first: these seconds of statistics are lost, nothing else.
    }
  }

  /** Adds the runs recorded since the last write to {@code module_stats}, one write per module. */
  void writeRuns() {
    synchronized (writing) {
      Map<String, PendingRuns.Sums> sums = pending.take();
      Map<String, PendingRuns.Sums> left = new HashMap<>(sums);
      try {
        for (Map.Entry<String, PendingRuns.Sums> module : sums.entrySet()) {
          PendingRuns.Sums s = module.getValue();
          List<Bson> changes =
              new ArrayList<>(
                  List.of(
                      Updates.inc("runs", s.runs()),
                      Updates.inc("succeeded", s.succeeded()),
                      Updates.inc("failed", s.failed()),
                      Updates.inc("totalMillis", s.totalMillis())));
          if (!s.recentMillis().isEmpty()) {
            changes.add(Updates.set("recentMillis", withStored(module.getKey(), s.recentMillis())));
          }
          Journal.DEFERRED
              .on(moduleStats())
              .updateOne(
                  Filters.eq("_id", module.getKey()),
                  Updates.combine(changes),
                  new UpdateOptions().upsert(true));
          left.remove(module.getKey());
        }
      } finally {
        // The database is away: kept for the next write (a write cut off midway may count twice).
        pending.addAll(left);
      }
    }
  }

  /**
   * The stored latest run times of {@code module} followed by {@code recent}, the last {@link
   * #RECENT_RUNS} of them. Read, then set (not a {@code $push} with {@code $slice}, which not every
   * MongoDB-wire server has): two instances writing the same module in the same second may lose the
   * other's samples, never a count.
   */
  private List<Long> withStored(String module, List<Long> recent) {
    Document stored =
        moduleStats()
            .find(Filters.eq("_id", module))
            .projection(Projections.include("recentMillis"))
            .first();
    return PendingRuns.Sums.latest(recentMillis(stored), recent);
  }

  private static List<Long> recentMillis(Document doc) {
    List<Long> millis = new ArrayList<>();
    if (doc != null && doc.get("recentMillis") instanceof List<?> stored) {
      for (Object value : stored) {
        if (value instanceof Number n) {
          millis.add(n.longValue());
        }
      }
    }
    return millis;
  }

  /** Run statistics of every module that ran, by name, with the runs not written yet. */
  public List<ModuleRuns> moduleRuns() {
    synchronized (writing) {
      Map<String, PendingRuns.Sums> sums = new TreeMap<>();
      for (Document doc : moduleStats().find()) {
        sums.put(
            doc.getString("_id"),
            new PendingRuns.Sums(
                number(doc, "runs"),
                number(doc, "succeeded"),
                number(doc, "failed"),
                number(doc, "totalMillis"),
                recentMillis(doc)));
      }
      pending.peek().forEach((module, s) -> sums.merge(module, s, PendingRuns.Sums::plus));
      List<ModuleRuns> runs = new ArrayList<>();
      sums.forEach(
          (module, s) ->
              runs.add(
                  new ModuleRuns(
                      module,
                      s.runs(),
                      s.succeeded(),
                      s.failed(),
                      s.succeeded() == 0 ? 0 : (double) s.totalMillis() / s.succeeded(),
                      s.recentMillis())));
      return runs;
    }
  }

  private static long number(Document doc, String field) {
    Object value = doc.get(field);
    return value instanceof Number n ? n.longValue() : 0;
  }
}
