package dev.taskmill.task.view;

import dev.taskmill.task.store.Backlog;
import dev.taskmill.task.store.TaskStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Per-pool gauges in {@code /q/metrics}, what an autoscaler (KEDA's Prometheus scaler) scales a
 * worker pool on: QUEUED tasks and the oldest one's wait, and RUNNING tasks, each by module and
 * label set (a task's {@code needs}, sorted, joined by commas; "" for none). One read of the store
 * serves every gauge for {@link #CACHE}, so a scrape storm (many Prometheus replicas, a dashboard
 * refreshing) costs at most one read per interval.
 */
@ApplicationScoped
@Startup // its gauges are in /q/metrics from the first scrape, on every role
public class BacklogMetrics {

  /** Gauges reuse one read of the backlog for this long. */
  static final Duration CACHE = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final TaskStore tasks;
  private final Clock clock;

  /** One gauge set per module and label set, registered once when the group first shows up. */
  private record Key(String module, String labels) {}

  private final Set<Key> registered = new HashSet<>();
  private Map<Key, Backlog.Group> groups = Map.of();
  private Instant readAt = Instant.EPOCH;

  BacklogMetrics(MeterRegistry registry, TaskStore tasks, Clock clock) {
    this.registry = registry;
    this.tasks = tasks;
    this.clock = clock;
    // Read on every scrape, it keeps the groups' gauges current and registers those of new groups
    // (which Prometheus then sees from its next scrape on).
    Gauge.builder("taskmill.queue.pools", () -> groups().size())
        .description("Module and label set pairs with QUEUED or RUNNING tasks")
        .register(registry);
  }

  /** The groups as last read, read again when older than {@link #CACHE}. */
  private synchronized Map<Key, Backlog.Group> groups() {
    Instant now = clock.instant();
    if (now.isAfter(readAt.plus(CACHE))) {
      try {
        Map<Key, Backlog.Group> read = new HashMap<>();
        // A pool scales on everyone's tasks: the owners' groups of a module and label set add up.
        for (Backlog.Group group : tasks.backlog().groups()) {
          read.merge(new Key(group.module(), group.labels()), group, BacklogMetrics::sum);
        }
        groups = read;
        read.keySet().forEach(this::register);
      } catch (RuntimeException e) {
        // The database is unreachable: keep the last figures; readiness reports the outage.
      }
      readAt = now;
    }
    return groups;
  }

  private void register(Key key) {
    if (!registered.add(key)) {
      return; // registering an existing gauge again logs a warning
    }
    gauge(
        key,
        "taskmill.queue.backlog",
        "QUEUED tasks waiting for a worker slot, by module and label set",
        null,
        Backlog.Group::queued);
    gauge(
        key,
        "taskmill.queue.oldest.age",
        "How long the oldest QUEUED task has waited, by module and label set (0: none waits)",
        "seconds",
        this::oldestAgeSeconds);
    gauge(
        key,
        "taskmill.tasks.running",
        "RUNNING tasks, by module and label set",
        null,
        Backlog.Group::running);
  }

  private void gauge(
      Key key,
      String name,
      String description,
      String unit,
      ToDoubleFunction<Backlog.Group> value) {
    // A group gone from the store reads 0 (not absent), so a pool scales down to its minimum.
    Gauge.builder(
            name,
            () -> {
              Backlog.Group group = groups().get(key);
              return group == null ? 0 : value.applyAsDouble(group);
            })
        .description(description)
        .baseUnit(unit)
        .tag("module", key.module())
        .tag("labels", key.labels())
        .register(registry);
  }

  /** Two owners' groups of one module and label set as one (the owner no longer told). */
  private static Backlog.Group sum(Backlog.Group a, Backlog.Group b) {
    Instant oldest = a.oldestQueuedAt();
    if (oldest == null || (b.oldestQueuedAt() != null && b.oldestQueuedAt().isBefore(oldest))) {
      oldest = b.oldestQueuedAt();
    }
    return new Backlog.Group(
        a.module(), a.labels(), null, a.queued() + b.queued(), a.running() + b.running(), oldest);
  }

  private double oldestAgeSeconds(Backlog.Group group) {
    if (group.oldestQueuedAt() == null) {
      return 0;
    }
    return Math.max(0, Duration.between(group.oldestQueuedAt(), clock.instant()).toMillis() / 1e3);
  }
}
