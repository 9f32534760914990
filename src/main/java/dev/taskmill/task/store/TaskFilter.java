package dev.taskmill.task.store;

import dev.taskmill.task.model.TaskStatus;
import java.time.Instant;

/**
 * What a task listing keeps; a null field keeps every task.
 *
 * @param label text the label contains, in any case
 * @param pipeline the id of the pipeline the tasks belong to
 * @param idPrefix the start of the task's id (lower-case hexadecimal), or a whole id
 * @param createdFrom created at or after this instant
 * @param createdTo created at or before this instant (to the second)
 */
public record TaskFilter(
    TaskStatus status,
    String module,
    String label,
    String owner,
    String pipeline,
    String idPrefix,
    Instant createdFrom,
    Instant createdTo) {

  /** A filter on no pipeline. */
  public TaskFilter(TaskStatus status, String module, String label, String owner) {
    this(status, module, label, owner, null);
  }

  /** A filter on no id and no creation time. */
  public TaskFilter(TaskStatus status, String module, String label, String owner, String pipeline) {
    this(status, module, label, owner, pipeline, null, null, null);
  }
}
