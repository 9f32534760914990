package dev.taskmill.task;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** The runtime's periodic jobs; each one line that calls the service that decides. */
@ApplicationScoped
public class TaskJobs {

  private final TaskGraph graph;
  private final LeaseRecovery recovery;
  private final TaskDispatcher dispatcher;
  private final TaskRecent recent;

  TaskJobs(TaskGraph graph, LeaseRecovery recovery, TaskDispatcher dispatcher, TaskRecent recent) {
    this.graph = graph;
    this.recovery = recovery;
    this.dispatcher = dispatcher;
    this.recent = recent;
  }

  @Scheduled(
      every = "${taskmill.tasks.promote-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void promoteDelayedTasks() {
    graph.promoteDue();
  }

  @Scheduled(
      every = "${taskmill.tasks.full-sweep-interval:5m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweepAllWaitingTasks() {
    graph.promoteWaiting();
  }

  @Scheduled(
      every = "${taskmill.tasks.lease-check-interval:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void renewAndRecoverLeases() {
    dispatcher.renewLeases();
    recovery.recoverExpired();
    recent.trim();
  }
}
