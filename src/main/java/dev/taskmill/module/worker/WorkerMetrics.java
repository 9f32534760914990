package dev.taskmill.module.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counters of how jobs found their worker, and of workers that had to be replaced. */
@ApplicationScoped
class WorkerMetrics {

  private final MeterRegistry registry;

  /** The start counters by module and kind of start, found once (a registry lookup per job). */
  private final Map<String, Counter> starts = new ConcurrentHashMap<>();

  WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * A job of {@code module} got a worker: an idle one ({@code warm}), or one started for it, which
   * loads the module first.
   */
  void jobStarted(String module, boolean warm) {
    starts
        .computeIfAbsent(
            module + (warm ? "\u0000warm" : "\u0000cold"),
            key ->
                Counter.builder("taskmill.worker.job.starts")
                    .description(
                        "Jobs run on warm workers, by module and whether the worker was already"
                            + " loaded")
                    .tag("module", module)
                    .tag("start", warm ? "warm" : "cold")
                    .register(registry))
        .increment();
  }

  /** A worker of {@code module} ended without being asked to (crash, kill on timeout or cancel). */
  void restarted(String module) {
    Counter.builder("taskmill.worker.restarts")
        .description("Workers that crashed or were killed (a timeout, a cancel), by module")
        .tag("module", module)
        .register(registry)
        .increment();
  }
}
