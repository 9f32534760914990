package dev.taskmill.task.eta;

import dev.taskmill.instance.InstanceRegistry;
import dev.taskmill.instance.Workload;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * How many tasks run at once across the service: the task concurrency ({@code capacity}) of every
 * online instance, as their heartbeats in {@code instances} say; this instance's own when none has
 * written one yet. Whether an instance can run a given module (GPU, modules not set up there) is
 * not asked: an estimate counts every slot for every task. Read at most every {@link #FRESH}.
 */
@ApplicationScoped
public class TaskSlots {

  static final Duration FRESH = Duration.ofSeconds(5);

  private final InstanceRegistry registry;
  private final Workload workload;

  private record Read(int slots, long at) {}

  private volatile Read last;

  TaskSlots(InstanceRegistry registry, Workload workload) {
    this.registry = registry;
    this.workload = workload;
  }

  /** Slots of all online instances (0: nothing runs tasks). */
  public int now() {
    long now = System.nanoTime();
    Read read = last;
    if (read == null || now - read.at() > FRESH.toNanos()) {
      read = new Read(count(), now);
      last = read;
    }
    return read.slots();
  }

  private int count() {
    int slots =
        registry.list().stream()
            .filter(InstanceRegistry.Entry::online)
            .mapToInt(InstanceRegistry.Entry::capacity)
            .sum();
    return slots > 0 ? slots : workload.capacity();
  }
}
