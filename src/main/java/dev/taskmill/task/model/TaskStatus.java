package dev.taskmill.task.model;

import java.util.EnumSet;
import java.util.Set;

/** Where a task is in its life; owns the allowed transitions. */
public enum TaskStatus {
  /** Created; waits for its inputs to become AVAILABLE (or for its delay). */
  WAITING,
  /** Inputs available; waits for a free worker slot. */
  QUEUED,
  /** A worker runs its module process under a lease. */
  RUNNING,
  /** Finished; its outputs are AVAILABLE. */
  SUCCEEDED,
  /** Failed (itself, or an input failed); its outputs are FAILED. */
  FAILED,
  /** Cancelled by a client; its outputs are FAILED. */
  CANCELLED;

  /** Whether a task in this status may move to {@code next}. */
  public boolean canMoveTo(TaskStatus next) {
    return allowedNext().contains(next);
  }

  /** Every status this one may move to. */
  public Set<TaskStatus> allowedNext() {
    return switch (this) {
      case WAITING -> EnumSet.of(QUEUED, FAILED, CANCELLED);
      case QUEUED -> EnumSet.of(RUNNING, CANCELLED);
      // RUNNING -> QUEUED: another attempt after a failure, or its lease expired.
      case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED, QUEUED);
      // A retry sends it back to wait for its inputs.
      case FAILED, CANCELLED -> EnumSet.of(WAITING);
      case SUCCEEDED -> EnumSet.noneOf(TaskStatus.class);
    };
  }

  /** Whether the task has finished (for now: a retry may reopen FAILED and CANCELLED). */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** Every status from which {@code next} may be reached. */
  public static Set<TaskStatus> allowedFrom(TaskStatus next) {
    Set<TaskStatus> from = EnumSet.noneOf(TaskStatus.class);
    for (TaskStatus s : values()) {
      if (s.canMoveTo(next)) {
        from.add(s);
      }
    }
    return from;
  }
}
