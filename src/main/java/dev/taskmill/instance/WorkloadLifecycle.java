package dev.taskmill.instance;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Starts this instance's workload with the service and stops it gracefully on shutdown. */
@ApplicationScoped
class WorkloadLifecycle {

  private final Workload workload;

  WorkloadLifecycle(Workload workload) {
    this.workload = workload;
  }

  void onStart(@Observes StartupEvent event) {
    workload.start();
  }

  /** After the registry marked this instance draining (priority 1), before the database closes. */
  void onStop(@Observes @Priority(2) ShutdownEvent event) {
    workload.stop();
  }
}
