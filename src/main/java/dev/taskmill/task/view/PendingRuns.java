package dev.taskmill.task.view;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finished runs per module that {@link TaskStats} has not written yet: each run adds here, and one
 * write per module a second adds the sums to {@code module_stats}, where a write per task was one
 * of a task's round trips to the database. Thread-safe.
 */
final class PendingRuns {

  /**
   * Sums of runs of one module, and the durations of its latest succeeded runs, oldest first, at
   * most {@link TaskStats#RECENT_RUNS}.
   */
  record Sums(long runs, long succeeded, long failed, long totalMillis, List<Long> recentMillis) {
    Sums plus(Sums other) {
      return new Sums(
          runs + other.runs,
          succeeded + other.succeeded,
          failed + other.failed,
          totalMillis + other.totalMillis,
          latest(recentMillis, other.recentMillis));
    }

    /** {@code earlier} then {@code later}, only the last {@link TaskStats#RECENT_RUNS}. */
    static List<Long> latest(List<Long> earlier, List<Long> later) {
      List<Long> all = new ArrayList<>(earlier);
      all.addAll(later);
      return List.copyOf(all.subList(Math.max(0, all.size() - TaskStats.RECENT_RUNS), all.size()));
    }
  }

  private final Map<String, Sums> byModule = new HashMap<>();

  /** One finished run; {@code millis} counts towards the mean of succeeded runs only. */
  synchronized void add(String module, boolean succeeded, long millis) {
    Sums run =
        succeeded ? new Sums(1, 1, 0, millis, List.of(millis)) : new Sums(1, 0, 1, 0, List.of());
    byModule.merge(module, run, Sums::plus);
  }

  /** Gives back sums that could not be written, to be written with the next ones. */
  synchronized void addAll(Map<String, Sums> sums) {
    sums.forEach((module, s) -> byModule.merge(module, s, Sums::plus));
  }

  /** What is pending now, left pending. */
  synchronized Map<String, Sums> peek() {
    return Map.copyOf(byModule);
  }

  /** What is pending now, no longer pending. */
  synchronized Map<String, Sums> take() {
    Map<String, Sums> taken = Map.copyOf(byModule);
    byModule.clear();
    return taken;
  }
}
