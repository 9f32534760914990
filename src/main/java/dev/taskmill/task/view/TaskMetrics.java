package dev.taskmill.task.view;

import dev.taskmill.task.model.TaskStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics of the task runtime: tasks by status and queue depth (gauges, read from one
 * cached aggregation), run durations per module (histograms), attempts and failures per module.
 */
@ApplicationScoped
public class TaskMetrics {

  /** Gauges reuse one count for this long, so a scrape does not aggregate per status. */
  private static final Duration CACHE = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final TaskStats stats;
  private final Clock clock;

  /** A meter's tags. */
  private record Key(String module, String outcome) {}

  /**
   * The meters of each task's end, found once: registering again on each end (the registry's
   * lookup, a histogram's id) showed in the run's profile.
   */
  private final Map<Key, Counter> attempts = new ConcurrentHashMap<>();

  private final Map<Key, Timer> durations = new ConcurrentHashMap<>();

  private volatile Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
  private volatile Instant countedAt = Instant.EPOCH;

  TaskMetrics(MeterRegistry registry, TaskStats stats, Clock clock) {
    this.registry = registry;
    this.stats = stats;
    this.clock = clock;
    for (TaskStatus status : TaskStatus.values()) {
      Gauge.builder("taskmill.tasks", () -> count(status))
          .description("Tasks by status")
          .tag("status", status.name())
          .register(registry);
    }
    Gauge.builder("taskmill.queue.depth", () -> count(TaskStatus.QUEUED))
        .description("Tasks QUEUED and waiting for a worker slot")
        .register(registry);
  }

  private synchronized double count(TaskStatus status) {
    Instant now = clock.instant();
    if (now.isAfter(countedAt.plus(CACHE))) {
      try {
        counts = stats.countByStatus();
      } catch (RuntimeException e) {
        // The database is unreachable: keep the last counts; readiness reports the outage.
      }
      countedAt = now;
    }
    return counts.getOrDefault(status, 0L);
  }

  /** One attempt of a {@code module} task ended with {@code outcome}. */
  public void attempt(String module, String outcome) {
    attempts
        .computeIfAbsent(
            new Key(module, outcome),
            key ->
                Counter.builder("taskmill.task.attempts")
                    .description("Attempts to run a task, by module and outcome")
                    .tag("module", module)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
    if (!"SUCCEEDED".equals(outcome)) {
      Counter.builder("taskmill.task.failures")
          .description("Failed attempts, by module")
          .tag("module", module)
          .register(registry)
          .increment();
    }
  }

  /**
   * A {@code module} task finished for good with {@code outcome} (SUCCEEDED, FAILED or REUSED)
   * after {@code duration}.
   */
  public void finished(String module, String outcome, Duration duration) {
    durations
        .computeIfAbsent(
            new Key(module, outcome),
            key ->
                Timer.builder("taskmill.task.duration")
                    .description("Run time of finished tasks' last attempt, by module")
                    .tag("module", module)
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .register(registry))
        .record(duration);
    if (!"REUSED".equals(outcome)) {
      // A reused result took milliseconds and ran no module: counted among the module's runs it
      // would pull its typical run time, and so every ETA, towards zero.
      stats.recordRun(module, "SUCCEEDED".equals(outcome), duration.toMillis());
    }
  }
}
