package dev.taskmill.task.eta;

import dev.taskmill.task.model.Task;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** A pipeline's estimate, from its tasks' estimates. */
public final class PipelineEstimate {

  private PipelineEstimate() {}

  /**
   * Starts when its first task does (no start once one has started); finishes when its last
   * unfinished task does. Null where one of its unfinished tasks has no estimate: the latest or
   * earliest of the others could be the wrong one.
   */
  public static Estimate of(Collection<Task> tasks, Map<String, Estimate> estimates) {
    Instant start = null;
    Instant finish = null;
    boolean started = false;
    boolean startKnown = true;
    boolean finishKnown = true;
    boolean unfinished = false;
    for (Task task : tasks) {
      started |= task.startedAt != null;
      if (task.status.isTerminal()) {
        continue;
      }
      unfinished = true;
      Estimate estimate = estimates.getOrDefault(task.id, Estimate.UNKNOWN);
      if (estimate.start() == null) {
        startKnown = false;
      } else if (start == null || estimate.start().isBefore(start)) {
        start = estimate.start();
      }
      if (estimate.finish() == null) {
        finishKnown = false;
      } else if (finish == null || estimate.finish().isAfter(finish)) {
        finish = estimate.finish();
      }
    }
    if (!unfinished) {
      return Estimate.UNKNOWN;
    }
    return new Estimate(started || !startKnown ? null : start, finishKnown ? finish : null);
  }
}
