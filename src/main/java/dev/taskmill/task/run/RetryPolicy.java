package dev.taskmill.task.run;

import dev.taskmill.config.TaskmillConfig;
import java.time.Duration;

/**
 * When a task runs again: exponential backoff between attempts, and how many attempts the
 * infrastructure may lose before the task fails. Pure: no clock, no store.
 *
 * @param base the wait after the first failed attempt
 * @param max the longest wait
 * @param maxInfrastructureRetries lost attempts run again without counting, before the task FAILS
 */
public record RetryPolicy(Duration base, Duration max, int maxInfrastructureRetries) {

  /** The policy the configuration sets ({@code taskmill.tasks.backoff-*}, {@code max-...}). */
  public static RetryPolicy of(TaskmillConfig config) {
    return new RetryPolicy(
        config.tasks().backoffBase(),
        config.tasks().backoffMax(),
        config.tasks().maxInfrastructureRetries());
  }

  /** The wait after failed attempt {@code attempt} (from 1): base × 2^(attempt-1), at most max. */
  public Duration backoff(int attempt) {
    long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
    Duration wait = base.multipliedBy(factor);
    return wait.compareTo(max) > 0 ? max : wait;
  }

  /** Whether a counted attempt {@code attempt} of {@code maxAttempts} that may be retried is. */
  public boolean retries(int attempt, int maxAttempts) {
    return attempt < maxAttempts;
  }

  /** Whether a task that lost {@code lostSoFar} attempts already may lose one more and rerun. */
  public boolean rerunsLost(int lostSoFar) {
    return lostSoFar < maxInfrastructureRetries;
  }
}
