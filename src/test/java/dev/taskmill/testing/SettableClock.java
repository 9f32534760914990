package dev.taskmill.testing;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The service's clock in tests: it follows real time until a test freezes it, then moves only when
 * the test advances it, so leases, backoff and delays are tested without sleeping. It replaces the
 * production clock (a {@code @DefaultBean}) for every @QuarkusTest; tests that freeze it must
 * {@link #release()} it.
 */
@ApplicationScoped
public class SettableClock extends Clock {

  private volatile Instant frozen;

  /** Stops time at now. */
  public synchronized Instant freeze() {
    // Whole milliseconds: MongoDB stores dates to the millisecond.
    frozen = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return frozen;
  }

  /** Moves frozen time forward. */
  public synchronized void advance(Duration duration) {
    if (frozen == null) {
      throw new IllegalStateException("freeze the clock first");
    }
    frozen = frozen.plus(duration);
  }

  /** Back to real time. */
  public synchronized void release() {
    frozen = null;
  }

  @Override
  public Instant instant() {
    Instant now = frozen;
    return now != null ? now : Instant.now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the service works in UTC");
  }
}
