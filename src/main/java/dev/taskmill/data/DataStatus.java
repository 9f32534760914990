package dev.taskmill.data;

import java.util.EnumSet;
import java.util.Set;

/** Whether a data item's content exists yet; owns the allowed transitions. */
public enum DataStatus {
  /** Created as the output of a task that has not finished. */
  PENDING,
  /** The content is complete and can be read. */
  AVAILABLE,
  /** Its producer task failed or was cancelled; {@code reason} says why. */
  FAILED;

  /** Whether an item in this status may move to {@code next}. */
  public boolean canMoveTo(DataStatus next) {
    return allowedNext().contains(next);
  }

  /** Every status this one may move to; AVAILABLE is final. */
  public Set<DataStatus> allowedNext() {
    return switch (this) {
      case PENDING -> EnumSet.of(AVAILABLE, FAILED);
      // A retried task refills the same output ids.
      case FAILED -> EnumSet.of(PENDING);
      case AVAILABLE -> EnumSet.noneOf(DataStatus.class);
    };
  }
}
