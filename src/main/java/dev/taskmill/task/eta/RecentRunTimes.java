package dev.taskmill.task.eta;

import dev.taskmill.task.view.TaskStats;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each module's typical run time: the median of its latest succeeded runs ({@link
 * TaskStats#RECENT_RUNS}, kept in {@code module_stats} as runs finish), the mean of all its
 * succeeded runs for history recorded before the latest ones were kept. Read from the few {@code
 * module_stats} documents at most every {@link #FRESH}, not per task or per request.
 */
@ApplicationScoped
public class RecentRunTimes {

  /** How long a read of the run times is used. */
  static final Duration FRESH = Duration.ofSeconds(5);

  private final TaskStats stats;

  private record Read(RunTimes times, long at) {}

  private volatile Read last;

  RecentRunTimes(TaskStats stats) {
    this.stats = stats;
  }

  /** The run times as of at most {@link #FRESH} ago. */
  public RunTimes now() {
    long now = System.nanoTime();
    Read read = last;
    if (read == null || now - read.at() > FRESH.toNanos()) {
      read = new Read(read(), now);
      last = read;
    }
    return read.times();
  }

  private RunTimes read() {
    Map<String, Duration> byModule = new HashMap<>();
    for (TaskStats.ModuleRuns runs : stats.moduleRuns()) {
      List<Duration> recent = runs.recentMillis().stream().map(Duration::ofMillis).toList();
      Median.of(recent)
          .or(
              () ->
                  runs.succeeded() > 0
                      ? java.util.Optional.of(Duration.ofMillis(Math.round(runs.meanMillis())))
                      : java.util.Optional.empty())
          .ifPresent(typical -> byModule.put(runs.module(), typical));
    }
    return new RunTimes(byModule);
  }
}
