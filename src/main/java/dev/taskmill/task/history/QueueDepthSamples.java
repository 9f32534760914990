package dev.taskmill.task.history;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.task.store.Backlog;
import dev.taskmill.task.store.TaskStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * How many tasks were QUEUED, by owner and module (the task store's backlog, the read the pool
 * metrics make too), sampled once a minute and kept in memory for the history's hours. Unlike ends,
 * a past queue depth cannot be read back from the tasks (a requeue or a delete rewrites them), so
 * it is sampled; in memory, as each instance samples the same shared queue, and a restart loses
 * only a chart's past (docs/decisions.md, "Throughput history").
 */
@ApplicationScoped
public class QueueDepthSamples {

  private static final Logger LOG = Logger.getLogger(QueueDepthSamples.class);

  /** One reading: queued tasks per owner, then per module. */
  record Sample(Instant at, Map<String, Map<String, Integer>> byOwner) {
    int depth(String owner, String module) {
      int depth = 0;
      for (Map.Entry<String, Map<String, Integer>> own : byOwner.entrySet()) {
        if (owner != null && !owner.equals(own.getKey())) {
          continue;
        }
        for (Map.Entry<String, Integer> mod : own.getValue().entrySet()) {
          if (module == null || module.equals(mod.getKey())) {
            depth += mod.getValue();
          }
        }
      }
      return depth;
    }
  }

  private final TaskStore tasks;
  private final Clock clock;
  private final Duration kept;
  private final Deque<Sample> samples = new ArrayDeque<>();

  QueueDepthSamples(TaskStore tasks, Clock clock, TaskmillConfig config) {
    this.tasks = tasks;
    this.clock = clock;
    this.kept = Duration.ofHours(config.dashboard().historyHours());
  }

  @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledSample() {
    sample();
  }

  /** Reads the queue now and keeps the reading; drops readings older than the history's hours. */
  public void sample() {
    Map<String, Map<String, Integer>> byOwner = new HashMap<>();
    try {
      for (Backlog.Group group : tasks.backlog().groups()) {
        if (group.queued() > 0) {
          byOwner
              .computeIfAbsent(group.owner(), o -> new HashMap<>())
              .merge(group.module(), (int) group.queued(), Integer::sum);
        }
      }
    } catch (RuntimeException e) {
      // The database is away: a gap in the chart, nothing else.
      LOG.debugf("could not sample the queue: %s", e.getMessage());
      return;
    }
    Instant now = clock.instant();
    synchronized (samples) {
      samples.addLast(new Sample(now, byOwner));
      while (!samples.isEmpty() && samples.peekFirst().at().isBefore(now.minus(kept))) {
        samples.removeFirst();
      }
    }
  }

  /**
   * Per bucket of {@code window}, the last reading in it of the tasks of {@code owner} (null:
   * everyone's) and {@code module} (null: every module); null where no reading was taken.
   */
  public Integer[] depth(MinuteBuckets window, String owner, String module) {
    Integer[] depth = new Integer[window.count()];
    synchronized (samples) {
      for (Sample sample : samples) {
        int bucket = window.indexOf(sample.at());
        if (bucket >= 0) {
          depth[bucket] = sample.depth(owner, module);
        }
      }
    }
    return depth;
  }

  /** The modules of {@code owner}'s (null: anyone's) queued tasks in the readings kept. */
  public Set<String> modules(String owner) {
    Set<String> modules = new TreeSet<>();
    synchronized (samples) {
      for (Sample sample : samples) {
        sample
            .byOwner()
            .forEach(
                (own, byModule) -> {
                  if (owner == null || owner.equals(own)) {
                    modules.addAll(byModule.keySet());
                  }
                });
      }
    }
    return modules;
  }
}
