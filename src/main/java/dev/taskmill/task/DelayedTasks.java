package dev.taskmill.task;

import dev.taskmill.instance.Peers;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the first WAITING task's delay ends, as far as this instance knows, so the timer job reads
 * the database only when a delay may be over. Delayed tasks stored here say so ({@link #stored()});
 * while other instances are online (they store delayed tasks too), and at least every {@link
 * #RECHECK} (a safety net for writes nobody announced), the job reads anyway.
 */
@ApplicationScoped
public class DelayedTasks {

  static final Duration RECHECK = Duration.ofMinutes(1);

  private final Peers peers;
  private final Clock clock;

  /** A delayed task was stored since the last read began. */
  private volatile boolean stored = true;

  /** The first delay's end the last read found (null: none was ahead). */
  private volatile Instant nextEnd;

  /** When the last read began (System.nanoTime). */
  private volatile long readAt;

  DelayedTasks(Peers peers, Clock clock) {
    this.peers = peers;
    this.clock = clock;
  }

  /** A WAITING task with a delay was stored by this instance. */
  public void stored() {
    stored = true;
  }

  /** Whether a WAITING task's delay may be over now; false only when none can be. */
  boolean mayBeDue() {
    Instant next = nextEnd;
    return stored
        || System.nanoTime() - readAt >= RECHECK.toNanos()
        || (next != null && !clock.instant().isBefore(next))
        || peers.othersOnline();
  }

  /** A read of the due tasks begins: what is stored from now on is announced anew. */
  void reading() {
    stored = false;
    readAt = System.nanoTime();
  }

  /** The read found this first delay's end still ahead (empty: none). */
  void nextEnd(Optional<Instant> end) {
    nextEnd = end.orElse(null);
  }
}
