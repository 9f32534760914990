package dev.taskmill.task;

import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.push;
import static com.mongodb.client.model.Updates.set;

import dev.taskmill.config.TaskmillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * The one place that settles an attempt the infrastructure ended rather than the module: its lease
 * expired (the instance was killed, paused or cut off from the database), the file store could not
 * be written, or its instance shut down and handed it back. Such an attempt is recorded with {@code
 * counted: false} and does not spend the task's {@code maxAttempts}: the task goes back to the
 * queue at its old place. A lost attempt waits a backoff first and is capped by {@code
 * taskmill.tasks.max-infrastructure-retries}, so a task that takes its instance down every time
 * ends FAILED instead of running for ever; a hand-back is a deliberate stop and is neither delayed
 * nor capped.
 *
 * <p>The runner, lease recovery and graceful shutdown all call it, so a lost attempt is settled the
 * same way whoever notices it.
 */
@ApplicationScoped
public class InfrastructureLoss {

  /** Outcome of an attempt the infrastructure lost. */
  public static final String LOST = "LOST";

  /** Outcome of an attempt its instance handed back when it shut down. */
  public static final String HANDED_BACK = "HANDED_BACK";

  private static final Logger LOG = Logger.getLogger(InfrastructureLoss.class);

  private final TaskRepository tasks;
  private final TaskGraph graph;
  private final QueueSignal signal;
  private final TaskMetrics metrics;
  private final TaskmillConfig config;
  private final Clock clock;

  InfrastructureLoss(
      TaskRepository tasks,
      TaskGraph graph,
      QueueSignal signal,
      TaskMetrics metrics,
      TaskmillConfig config,
      Clock clock) {
    this.tasks = tasks;
    this.graph = graph;
    this.signal = signal;
    this.metrics = metrics;
    this.config = config;
    this.clock = clock;
  }

  /**
   * The attempt of {@code task} under lease {@code token} was lost to the infrastructure for {@code
   * reason}: queue it again without counting the attempt, or fail the task once the cap is reached.
   * {@code log} (may be null) replaces the task's log.
   *
   * @return the task after the change; empty when the lease was no longer {@code token}'s
   */
  public Optional<Task> lost(Task task, String token, String reason, Instant started, String log) {
    metrics.attempt(task.module, LOST);
    Task.Attempt attempt = attempt(task, started, LOST, reason);
    Task.Failure error = TaskGraph.failure(reason);
    int cap = config.tasks().maxInfrastructureRetries();
    if (task.infrastructureRetries < cap) {
      int retry = task.infrastructureRetries + 1;
      Duration backoff =
          TaskRunner.backoff(retry, config.tasks().backoffBase(), config.tasks().backoffMax());
      List<Bson> changes = new ArrayList<>();
      changes.add(inc("attempt", -1));
      changes.add(inc("infrastructureRetries", 1));
      changes.add(set("error", error));
      changes.add(set("notBefore", clock.instant().plus(backoff)));
      changes.add(push("attempts", attempt));
      if (log != null) {
        changes.add(set("log", log));
      }
      Optional<Task> requeued = tasks.requeueLeased(task.id, token, changes.toArray(Bson[]::new));
      requeued.ifPresent(
          t -> {
            LOG.infof(
                "task %s: attempt lost (%s); queued again in %s, not counted (infrastructure"
                    + " retry %d of %d)",
                t.id, reason, backoff, retry, cap);
            signal.wake();
          });
      return requeued;
    }
    error.message =
        "its attempts were lost to the infrastructure "
            + (cap + 1)
            + " times (taskmill.tasks.max-infrastructure-retries is "
            + cap
            + "); the last: "
            + reason;
    String because = "task " + task.id + " failed: " + error.message;
    // Outputs first, as everywhere: whoever sees the task FAILED sees its outputs FAILED too.
    if (tasks.updateLeased(task.id, token)) {
      graph.failOutputs(task, because);
    }
    List<Bson> changes = new ArrayList<>();
    changes.add(set("error", error));
    changes.add(push("attempts", attempt));
    if (log != null) {
      changes.add(set("log", log));
    }
    Optional<Task> failed =
        tasks.transitionLeased(task.id, token, TaskStatus.FAILED, changes.toArray(Bson[]::new));
    failed.ifPresent(
        t -> {
          LOG.infof("task %s FAILED: %s", t.id, error.message);
          Instant from = started != null ? started : clock.instant();
          metrics.finished(t.module, "FAILED", Duration.between(from, clock.instant()));
          graph.failDownstream(t, because);
        });
    return failed;
  }

  /**
   * This instance is shutting down: the task goes back to the queue at its old place, at once and
   * without counting the interrupted attempt.
   */
  public Optional<Task> handedBack(Task task, String token, Instant started, String log) {
    Optional<Task> requeued =
        tasks.requeueLeased(
            task.id,
            token,
            inc("attempt", -1),
            set("log", log),
            push("attempts", attempt(task, started, HANDED_BACK, "its instance shut down")));
    requeued.ifPresent(t -> LOG.infof("task %s handed back to the queue (shutdown)", t.id));
    return requeued;
  }

  private Task.Attempt attempt(Task task, Instant started, String outcome, String reason) {
    Task.Attempt attempt = new Task.Attempt();
    attempt.number = task.attempt;
    attempt.startedAt = started;
    attempt.finishedAt = clock.instant();
    attempt.outcome = outcome;
    attempt.message = reason;
    attempt.counted = false;
    return attempt;
  }
}
