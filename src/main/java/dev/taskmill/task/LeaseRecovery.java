package dev.taskmill.task;

import static com.mongodb.client.model.Updates.push;
import static com.mongodb.client.model.Updates.set;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.instance.DatabaseWatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Gives RUNNING tasks whose lease expired (their instance died, hung or lost the database) back to
 * the queue through {@link InfrastructureLoss}: the lost attempt is not counted against the task's
 * attempts, and a task lost too often FAILS. Nothing stays RUNNING forever.
 */
@ApplicationScoped
public class LeaseRecovery {

  private static final Logger LOG = Logger.getLogger(LeaseRecovery.class);

  private final TaskRepository tasks;
  private final TaskGraph graph;
  private final QueueSignal signal;
  private final Clock clock;
  private final OutputPublisher publisher;
  private final DatabaseWatch watch;
  private final TaskmillConfig config;
  private final InfrastructureLoss loss;

  LeaseRecovery(
      TaskRepository tasks,
      TaskGraph graph,
      QueueSignal signal,
      Clock clock,
      OutputPublisher publisher,
      DatabaseWatch watch,
      TaskmillConfig config,
      InfrastructureLoss loss) {
    this.loss = loss;
    this.publisher = publisher;
    this.watch = watch;
    this.config = config;
    this.tasks = tasks;
    this.graph = graph;
    this.signal = signal;
    this.clock = clock;
  }

  /**
   * The instance committed the task's result, then died (or lost the database) before publishing it
   * all: the committed result counts, so publish it and mark the task SUCCEEDED.
   */
  private void completePublication(Task task) {
    List<String> published = publisher.apply(task.publication);
    Task.Attempt done = new Task.Attempt();
    done.number = task.attempt;
    done.startedAt = task.startedAt;
    done.finishedAt = clock.instant();
    done.outcome = "SUCCEEDED";
    done.message = "result committed by " + task.lease.owner + ", published by lease recovery";
    done.counted = true;
    tasks
        .transitionLeased(
            task.id,
            task.lease.token,
            TaskStatus.SUCCEEDED,
            set("publication", null),
            push("attempts", done))
        .ifPresent(
            t -> {
              LOG.infof("task %s: completed the publication its instance committed", t.id);
              graph.promoteConsumersOf(published);
            });
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
      if (task.publication != null) {
        completePublication(task);
        continue;
      }
      // Not the module's failure: settled as an infrastructure loss, without spending an attempt.
      loss.lost(
          task,
          task.lease.token,
          "its instance stopped renewing the lease (" + task.lease.owner + ")",
          task.startedAt,
          null);
    }
  }
}
