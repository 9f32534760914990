package dev.taskmill.remote;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;

/** The protocol's periodic jobs; each one line that calls the service that decides. */
@ApplicationScoped
public class RemoteJobs {

  /** Reports repeated later than this get a 404 instead of their first answer. */
  static final Duration KEEP_ATTEMPTS = Duration.ofDays(1);

  private final StagedOutputs staged;
  private final RemoteAttempts attempts;
  private final Clock clock;
  private volatile boolean stopping;

  RemoteJobs(StagedOutputs staged, RemoteAttempts attempts, Clock clock) {
    this.staged = staged;
    this.attempts = attempts;
    this.clock = clock;
  }

  /** First of the shutdown observers: no job starts against a database that is closing. */
  void onStop(@Observes @Priority(1) ShutdownEvent event) {
    stopping = true;
  }

  @Scheduled(
      every = "${taskmill.tasks.lease-check-interval:10s}",
      delay = 10,
      delayUnit = java.util.concurrent.TimeUnit.SECONDS,
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void deleteUploadsOfLostLeases() {
    if (!stopping) {
      staged.sweep();
    }
  }

  @Scheduled(every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void forgetOldAttempts() {
    if (!stopping) {
      attempts.forgetBefore(clock.instant().minus(KEEP_ATTEMPTS));
    }
  }
}
