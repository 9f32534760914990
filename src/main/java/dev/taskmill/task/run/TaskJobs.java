package dev.taskmill.task.run;

import com.mongodb.MongoException;
import dev.taskmill.instance.DatabaseWatch;
import dev.taskmill.task.TaskGraph;
import dev.taskmill.task.TaskLiveLogs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** The runtime's periodic jobs; each one line that calls the service that decides. */
@ApplicationScoped
public class TaskJobs {

  private final TaskGraph graph;
  private final LeaseRecovery recovery;
  private final TaskLiveLogs liveLogs;
  private final DatabaseWatch watch;
  private volatile boolean stopping;

  TaskJobs(TaskGraph graph, LeaseRecovery recovery, TaskLiveLogs liveLogs, DatabaseWatch watch) {
    this.graph = graph;
    this.recovery = recovery;
    this.liveLogs = liveLogs;
    this.watch = watch;
  }

  /** First of the shutdown observers: no job starts against a database that is closing. */
  void onStop(@Observes @Priority(1) ShutdownEvent event) {
    stopping = true;
  }

  @Scheduled(
      every = "${taskmill.tasks.promote-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void promoteDelayedTasks() {
    unlessStopping(graph::promoteDue);
  }

  @Scheduled(
      every = "${taskmill.tasks.full-sweep-interval:30m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweepAllWaitingTasks() {
    unlessStopping(graph::promoteWaiting);
  }

  @Scheduled(
      every = "${taskmill.tasks.lease-check-interval:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  public void renewAndRecoverLeases() {
    unlessStopping(
        () -> {
          if (watch.takeRepair()) {
            // The database was away: repair what half-done writes left, now that it answers.
            try {
              graph.promoteWaiting();
            } catch (RuntimeException e) {
              watch.repairAgain();
              throw e;
            }
          }
          // Leases of tasks running here are renewed by the instance heartbeat.
          recovery.recoverExpired();
          liveLogs.sweepStale();
        });
  }

  /** Runs a job; one that was in flight when shutdown closed the database just ends. */
  private void unlessStopping(Runnable job) {
    if (stopping) {
      return;
    }
    try {
      job.run();
    } catch (RuntimeException e) {
      if (!stopping) {
        if (e instanceof MongoException) {
          watch.failed();
        }
        throw e;
      }
    }
  }
}
