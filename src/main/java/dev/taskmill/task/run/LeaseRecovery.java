package dev.taskmill.task.run;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.instance.DatabaseWatch;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Settles the attempts of RUNNING tasks whose lease expired (their instance died, hung or lost the
 * database), through {@link AttemptSettler} like every other attempt's end: a result the instance
 * committed before it died counts and is published; otherwise the attempt was lost to the
 * infrastructure, is not counted, and the task runs again after a backoff (or FAILS once lost too
 * often). Nothing stays RUNNING forever.
 */
@ApplicationScoped
public class LeaseRecovery {

  private static final Logger LOG = Logger.getLogger(LeaseRecovery.class);

  private final TaskRepository tasks;
  private final DatabaseWatch watch;
  private final TaskmillConfig config;
  private final AttemptSettler settler;

  LeaseRecovery(
      TaskRepository tasks, DatabaseWatch watch, TaskmillConfig config, AttemptSettler settler) {
    this.tasks = tasks;
    this.watch = watch;
    this.config = config;
    this.settler = settler;
  }

  /** Recovers every task whose lease expired. */
  public void recoverExpired() {
    Duration heartbeat = config.instances().heartbeatInterval();
    long started = System.nanoTime();
    List<Task> expired = tasks.findExpiredLeases();
    watch.answered(started, DatabaseWatch.slow(heartbeat, config.tasks().leaseDuration()));
    // After the database was away, leases look expired that their instances could not renew:
    // give them two heartbeats to do so before taking their tasks away.
    if (!expired.isEmpty() && !watch.steadyFor(heartbeat.multipliedBy(2))) {
      LOG.infof(
          "%d expired lease(s) left for now: the database was away, their instances renew first",
          expired.size());
      return;
    }
    for (Task task : expired) {
      settler.settle(new EndedAttempt(task, task.lease.token, task.startedAt, null, outcome(task)));
    }
  }

  /** How an attempt whose lease expired ended. */
  private static AttemptOutcome outcome(Task task) {
    String owner = task.lease.owner;
    if (task.publication != null && task.reusedFrom != null) {
      // The same, for copies of an earlier task's result (a reuse task).
      return new AttemptOutcome.Reused(task.publication, task.reusedFrom);
    }
    if (task.publication != null) {
      // Its instance committed the result, then died before publishing it all: the result counts.
      return new AttemptOutcome.Succeeded(
          task.publication, null, "result committed by " + owner + ", published by lease recovery");
    }
    return new AttemptOutcome.Lost("its instance stopped renewing the lease (" + owner + ")");
  }
}
