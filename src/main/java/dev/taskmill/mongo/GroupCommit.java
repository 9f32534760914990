package dev.taskmill.mongo;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Makes applied writes durable in groups: a writer calls {@link #awaitDurable()} after its write
 * was applied in memory and returns once a commit-and-sync that started after it has finished.
 * Writers that arrive while a sync runs wait for it and are then covered by the next one, all
 * together: under load many writes share one fsync instead of queueing one each. The
 * commit-and-sync may find everything already on disk and skip its fsync; it says so.
 */
final class GroupCommit {

  /** Commits and syncs; false when it found nothing to put on disk and synced nothing. */
  private final BooleanSupplier commitAndSync;

  /** Writes applied so far: a writer takes a number after its write is in memory. */
  private final AtomicLong applied = new AtomicLong();

  private final Object lock = new Object();

  /** Every write numbered up to this one is on disk. Guarded by {@link #lock}. */
  private long durable;

  /** How many fsyncs ran (for tests and measurements). */
  private final AtomicLong syncs = new AtomicLong();

  GroupCommit(BooleanSupplier commitAndSync) {
    this.commitAndSync = commitAndSync;
  }

  /**
   * Returns once the write the caller just applied is on disk; throws when the commit or the sync
   * failed, so the write is never acknowledged.
   */
  void awaitDurable() {
    long mine = applied.incrementAndGet();
    synchronized (lock) {
      if (durable >= mine) {
        return; // a sync that began after this write was applied covered it
      }
      // Every write numbered up to here was applied before this point, so the commit below
      // includes it.
      long upTo = applied.get();
      if (commitAndSync.getAsBoolean()) {
        syncs.incrementAndGet();
      }
      durable = upTo;
    }
  }

  long syncs() {
    return syncs.get();
  }
}
