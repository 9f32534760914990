package dev.taskmill.task.eta;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The median of durations: one run that hung or hit a cold cache does not move it. */
final class Median {

  private Median() {}

  /** The middle value (the mean of the two middle ones for an even count); empty for none. */
  static Optional<Duration> of(Collection<Duration> values) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    List<Duration> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int middle = sorted.size() / 2;
    return Optional.of(
        sorted.size() % 2 == 1
            ? sorted.get(middle)
            : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2));
  }
}
