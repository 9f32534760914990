package dev.taskmill.task.history;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A window of whole minutes, {@code count} of them from {@code start}: which minute an instant
 * falls in. The last minute is the one still running, so what ended a second ago shows at once.
 */
public record MinuteBuckets(Instant start, int count) {

  /** One bucket. */
  public static final Duration SIZE = Duration.ofMinutes(1);

  /** The {@code hours} up to and including the minute of {@code now}. */
  public static MinuteBuckets ending(Instant now, int hours) {
    int count = hours * 60;
    Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(SIZE);
    return new MinuteBuckets(end.minus(SIZE.multipliedBy(count)), count);
  }

  /** The first instant after the window. */
  public Instant end() {
    return start.plus(SIZE.multipliedBy(count));
  }

  /** The bucket {@code at} falls in, or -1 when it is outside the window. */
  public int indexOf(Instant at) {
    if (at.isBefore(start) || !at.isBefore(end())) {
      return -1;
    }
    return (int) (Duration.between(start, at).toMillis() / SIZE.toMillis());
  }
}
