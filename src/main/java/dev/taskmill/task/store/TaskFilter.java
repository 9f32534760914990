package dev.taskmill.task.store;

import dev.taskmill.task.model.TaskStatus;

/**
 * What a task listing keeps; a null field keeps every task.
 *
 * @param label text the label contains, in any case
 */
public record TaskFilter(TaskStatus status, String module, String label, String owner) {}
