package dev.taskmill.module;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Starts and stops this instance's module work with the service, and triggers its jobs. */
@ApplicationScoped
class ModuleJobs {

  private final ModuleWork work;

  ModuleJobs(ModuleWork work) {
    this.work = work;
  }

  void onStart(@Observes StartupEvent event) {
    work.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    work.stop();
  }

  /**
   * Runs the passes that an api instance asked for (Detect, enable, reinstall there): one pass per
   * request, after the pass that runs now, if any.
   */
  @Scheduled(
      every = "${taskmill.modules.request-poll-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void runRequestedPasses() {
    work.runRequestedPasses();
  }

  /**
   * Deletes cached environments that no module of this database uses any more and that nobody ran
   * in for {@code taskmill.modules.venv-retention}: those of changed or reinstalled modules.
   */
  @Scheduled(
      every = "${taskmill.modules.venv-sweep-interval:6h}",
      delay = 1,
      delayUnit = java.util.concurrent.TimeUnit.MINUTES,
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweepEnvironments() {
    work.sweepEnvironments();
  }
}
