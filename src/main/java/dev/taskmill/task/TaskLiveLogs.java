package dev.taskmill.task;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * The logs of running tasks, copied every few seconds into a small {@code task_live_logs}
 * collection, so that any instance (an {@code api} instance in front of workers) serves a task's
 * log while it runs, not only the instance that runs it. One document per running task, keyed by
 * task id and stamped with the lease token of its attempt: a document left by an earlier attempt or
 * by an instance that died is never shown for a newer one.
 */
@ApplicationScoped
public class TaskLiveLogs {

  private static final Logger LOG = Logger.getLogger(TaskLiveLogs.class);

  /** Documents not written for this long belong to no running task any more. */
  static final Duration STALE = Duration.ofHours(1);

  private final TaskExecutions executions;
  private final Clock clock;
  private final MongoDatabase database;

  /** Per task running here, how many log lines the stored copy holds. */
  private final Map<String, Long> flushed = new ConcurrentHashMap<>();

  TaskLiveLogs(TaskExecutions executions, Clock clock, MongoDatabase database) {
    this.executions = executions;
    this.clock = clock;
    this.database = database;
  }

  MongoCollection<Document> collection() {
    return database.getCollection("task_live_logs");
  }

  /** Copies the logs of the tasks running here that changed since the last copy. */
  @Scheduled(
      every = "${taskmill.tasks.live-log-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void flush() {
    flushed.keySet().removeIf(taskId -> executions.find(taskId).isEmpty());
    for (TaskExecutions.Execution execution : executions.all()) {
      long lines = execution.log.lines();
      if (lines == flushed.getOrDefault(execution.taskId, 0L)) {
        continue;
      }
      try {
        collection()
            .replaceOne(
                Filters.eq("_id", execution.taskId),
                new Document("_id", execution.taskId)
                    .append("lease", execution.leaseToken)
                    .append("text", execution.log.toString())
                    .append("updatedAt", Date.from(clock.instant())),
                new ReplaceOptions().upsert(true));
        flushed.put(execution.taskId, lines);
      } catch (RuntimeException e) {
        // The database is away: the next pass copies it; the task itself is not affected.
        LOG.debugf("could not copy the live log of task %s: %s", execution.taskId, e.getMessage());
        return;
      }
    }
  }

  /**
   * Stores {@code text} as the live log of the attempt of {@code taskId} under {@code leaseToken}
   * that runs elsewhere (a remote worker sends its log with its progress).
   */
  public void copy(String taskId, String leaseToken, String text) {
    collection()
        .replaceOne(
            Filters.eq("_id", taskId),
            new Document("_id", taskId)
                .append("lease", leaseToken)
                .append("text", text)
                .append("updatedAt", Date.from(clock.instant())),
            new ReplaceOptions().upsert(true));
  }

  /** Drops the live log copy of {@code taskId} whatever wrote it (a remote attempt's end). */
  public void drop(String taskId) {
    try {
      collection().deleteOne(Filters.eq("_id", taskId));
    } catch (RuntimeException e) {
      // left for the stale sweep
    }
  }

  /**
   * The latest copy of the log of {@code task}'s running attempt, if it has one: the task must be
   * RUNNING and the copy written under its current lease.
   */
  public Optional<String> find(Task task) {
    if (task.status != TaskStatus.RUNNING || task.lease == null || task.lease.token == null) {
      return Optional.empty();
    }
    Document doc = collection().find(Filters.eq("_id", task.id)).first();
    if (doc == null || !task.lease.token.equals(doc.getString("lease"))) {
      return Optional.empty();
    }
    return Optional.ofNullable(doc.getString("text"));
  }

  /**
   * Drops the copy once the attempt ended (its log is on the task then). An attempt shorter than
   * the copy's interval never had one: no delete for it. A copy written just as the attempt ended
   * is never shown (it names a lease no running attempt holds) and goes with the stale sweep.
   */
  public void forget(String taskId) {
    if (flushed.remove(taskId) == null) {
      return;
    }
    try {
      collection().deleteOne(Filters.eq("_id", taskId));
    } catch (RuntimeException e) {
      // left for the stale sweep
    }
  }

  /** Drops copies nobody wrote for an hour: their instance died or their forget failed. */
  public void sweepStale() {
    collection().deleteMany(Filters.lt("updatedAt", Date.from(clock.instant().minus(STALE))));
  }
}
