package dev.taskmill.pipeline;

import dev.taskmill.task.model.TaskStatus;
import java.util.Collection;

/** Where a pipeline stands, from its steps' tasks: the one place that decides it. */
public enum PipelineStatus {
  /** A step's task is unfinished (or not found). */
  ACTIVE,
  SUCCEEDED,
  /** Every task ended and at least one FAILED. */
  FAILED,
  /** Every task ended, none FAILED, at least one CANCELLED. */
  CANCELLED;

  /** The status of a pipeline whose steps' tasks are in {@code steps} (null: a task not found). */
  public static PipelineStatus of(Collection<TaskStatus> steps) {
    boolean failed = false;
    boolean cancelled = false;
    for (TaskStatus step : steps) {
      if (step == null || !step.isTerminal()) {
        return ACTIVE;
      }
      failed |= step == TaskStatus.FAILED;
      cancelled |= step == TaskStatus.CANCELLED;
    }
    return failed ? FAILED : cancelled ? CANCELLED : SUCCEEDED;
  }
}
