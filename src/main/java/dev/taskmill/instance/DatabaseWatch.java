package dev.taskmill.instance;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What this instance saw of the database being away: a failed operation, or one that took far
 * longer than usual because the driver waited for the server to come back. Two things follow:
 *
 * <ul>
 *   <li>Writes cut off midway may have left a QUEUED task without its queue entry, a RUNNING task
 *       without its lease record, or WAITING tasks that were never promoted. The bookkeeping job
 *       runs the repair sweep once the database answers again, instead of waiting minutes for the
 *       periodic one.
 *   <li>Leases could not be renewed while it was away, so some look expired when it is back. Lease
 *       recovery waits until the database has answered steadily for a while, so that the instances
 *       holding them renew them first; losing that race would throw a running attempt away.
 * </ul>
 *
 * Durations are measured on the monotonic clock ({@link System#nanoTime}), not the injectable
 * {@link java.time.Clock}: they are how long this process waited.
 */
@ApplicationScoped
public class DatabaseWatch {

  private final AtomicBoolean repairDue = new AtomicBoolean();
  private volatile long lastTrouble;
  private volatile boolean troubled;

  /** An operation failed with a database error. */
  public void failed() {
    trouble();
  }

  /**
   * An operation that started at {@code startedNanos} answered; slower than {@code normal} is
   * trouble.
   */
  public void answered(long startedNanos, Duration normal) {
    if (System.nanoTime() - startedNanos > normal.toNanos()) {
      trouble();
    }
  }

  private void trouble() {
    lastTrouble = System.nanoTime();
    troubled = true;
    repairDue.set(true);
  }

  /** Whether the database has answered without trouble for at least {@code period}. */
  public boolean steadyFor(Duration period) {
    return !troubled || System.nanoTime() - lastTrouble >= period.toNanos();
  }

  /**
   * How long a heartbeat-sized operation may take before it counts as the database having been
   * away: its interval, or a quarter of the lease if that is longer (a loaded machine is slow
   * without anything being wrong, and only a wait that could outlast leases matters).
   */
  public static Duration slow(Duration heartbeat, Duration lease) {
    Duration quarter = lease.dividedBy(4);
    return heartbeat.compareTo(quarter) > 0 ? heartbeat : quarter;
  }

  /** Whether a repair sweep is due (and takes it: the caller runs it). */
  public boolean takeRepair() {
    return repairDue.getAndSet(false);
  }

  /** Puts back a repair that could not run. */
  public void repairAgain() {
    repairDue.set(true);
  }
}
