package dev.taskmill.task.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How long a dispatcher that found nothing to claim waits for a signal before it looks again. What
 * its own instance queues wakes it at once; the look is for the rest. While others may queue tasks
 * it does not hear of (another instance online, a module that becomes ready here) it looks every
 * {@code poll}. Otherwise only a backoff can end: it waits until the first one does (never less
 * than {@code poll}, as before), at most {@code idle}, the safety net.
 */
record IdleWait(Duration poll, Duration idle) {

  /**
   * The wait, given whether others may queue tasks unannounced and, asked only when needed, when
   * the first backoff of a QUEUED task ends.
   */
  Duration after(boolean othersMayQueue, Supplier<Optional<Instant>> backoffEnd, Instant now) {
    if (othersMayQueue) {
      return poll;
    }
    Optional<Instant> end = backoffEnd.get();
    if (end.isEmpty()) {
      return longer(poll, idle);
    }
    // Never shorter than the poll: a frozen test clock must not turn the loop into a busy one.
    Duration untilEnd = Duration.between(now, end.get());
    return longer(poll, untilEnd.compareTo(idle) < 0 ? untilEnd : idle);
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
