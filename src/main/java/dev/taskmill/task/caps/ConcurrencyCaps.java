package dev.taskmill.task.caps;

import dev.taskmill.auth.Users;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.instance.OfferedLabels;
import dev.taskmill.module.ModuleRepository;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.store.RunningCounts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.function.Function;

/**
 * The concurrency caps of modules and users, counted against the tasks RUNNING in the store (so
 * they hold across instances): what the claim must skip, and why a QUEUED task waits. The caps
 * themselves are read at most once a second; with none set, nothing more is read.
 */
@ApplicationScoped
public class ConcurrencyCaps {

  /** How long read caps are used: a cap set on another instance holds here within this. */
  private static final long LIMITS_NANOS = 1_000_000_000L;

  private record Read(CapLimits limits, long readAt) {}

  private final TaskRepository tasks;
  private final ModuleRepository modules;
  private final Users users;
  private final TaskmillConfig config;
  private final OfferedLabels offered;
  private volatile Read read;

  ConcurrencyCaps(
      TaskRepository tasks,
      ModuleRepository modules,
      Users users,
      TaskmillConfig config,
      OfferedLabels offered) {
    this.tasks = tasks;
    this.modules = modules;
    this.users = users;
    this.config = config;
    this.offered = offered;
  }

  /** What the caps hold back now (one read of the RUNNING tasks, none when no cap is set). */
  public Held held() {
    CapLimits limits = limits();
    if (limits.isEmpty()) {
      return Held.NONE;
    }
    RunningCounts running = tasks.runningCounts();
    return new Held(limits, running);
  }

  /**
   * Why each of {@code shown} waits, for the QUEUED ones a cap holds or whose labels no online
   * instance or worker offers: read once for the page shown (nothing is read when none of them is
   * QUEUED).
   */
  public Function<Task, String> reasons(Collection<Task> shown) {
    if (shown.stream().noneMatch(t -> t.status == TaskStatus.QUEUED)) {
      return t -> null;
    }
    Held held = held();
    // A cap first: it names what frees the task sooner. Then the labels nobody offers, for which
    // the task would wait however free the caps are.
    return t -> {
      String capped = held.reason(t);
      return capped != null || t.status != TaskStatus.QUEUED
          ? capped
          : offered.whyNobodyOffers(t.needs);
    };
  }

  /** Forgets the read caps: a cap changed on this instance holds at its next claim. */
  public void changed() {
    read = null;
  }

  private CapLimits limits() {
    Read kept = read;
    long now = System.nanoTime();
    if (kept != null && now - kept.readAt() < LIMITS_NANOS) {
      return kept.limits();
    }
    CapLimits limits =
        new CapLimits(
            CapLimits.moduleCaps(
                config.modules().maxConcurrent(), modules.declaredConcurrencyCaps()),
            users.concurrencyCaps());
    read = new Read(limits, now);
    return limits;
  }
}
