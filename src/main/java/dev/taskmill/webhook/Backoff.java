package dev.taskmill.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed delivery is tried again: {@code base} after the first try, doubling with each
 * further try up to {@code max}; never after {@code retryUntil}.
 */
public record Backoff(Duration base, Duration max) {

  /** The wait after {@code attempts} tries failed (attempts from 1). */
  public Duration after(int attempts) {
    int doublings = Math.min(Math.max(attempts - 1, 0), 30);
    Duration wait = base.multipliedBy(1L << doublings);
    return wait.compareTo(max) > 0 ? max : wait;
  }

  /** The next try after {@code attempts} failed at {@code now}; empty when it would be too late. */
  public Optional<Instant> nextTry(int attempts, Instant now, Instant retryUntil) {
    Instant next = now.plus(after(attempts));
    return next.isAfter(retryUntil) ? Optional.empty() : Optional.of(next);
  }
}
