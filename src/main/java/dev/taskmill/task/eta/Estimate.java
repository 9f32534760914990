package dev.taskmill.task.eta;

import java.time.Instant;

/**
 * When a task is expected to start and to finish; either is null when it cannot be told (its module
 * has no run history, a predecessor waits on something nothing produces) or does not apply (a
 * RUNNING task has started).
 */
public record Estimate(Instant start, Instant finish) {

  /** Nothing known. */
  public static final Estimate UNKNOWN = new Estimate(null, null);
}
