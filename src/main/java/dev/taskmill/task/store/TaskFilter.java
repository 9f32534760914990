package dev.taskmill.task.store;

import dev.taskmill.task.model.TaskStatus;

/**
 * What a task listing keeps; a null field keeps every task.
 *
 * @param label text the label contains, in any case
 * @param pipeline the id of the pipeline the tasks belong to
 */
public record TaskFilter(
    TaskStatus status, String module, String label, String owner, String pipeline) {

  /** A filter on no pipeline. */
  public TaskFilter(TaskStatus status, String module, String label, String owner) {
    this(status, module, label, owner, null);
  }
}
