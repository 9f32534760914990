package dev.taskmill.task.view;

import dev.taskmill.auth.Caller;
import dev.taskmill.failure.MalformedRequest;
import dev.taskmill.paging.CreatedRange;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.store.TaskFilter;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a client searches tasks by, as it sent it (null or blank means any): the task list and the
 * bulk actions read the same fields, and {@link #filter} turns them into one {@link TaskFilter} or
 * a 400 that says which field is wrong.
 *
 * @param id a task id, or its start (hexadecimal)
 * @param createdFrom an instant or a day, as {@link CreatedRange#parse} reads it
 * @param createdTo an instant or a day
 */
public record TaskSearch(
    String status,
    String module,
    String label,
    String pipeline,
    String id,
    String createdFrom,
    String createdTo) {

  /** Whether any field is given. */
  public boolean any() {
    return !blank(status)
        || !blank(module)
        || !blank(label)
        || !blank(pipeline)
        || CreatedRange.given(id, createdFrom, createdTo);
  }

  /** The filter of this search and of what {@code caller} may see. */
  public TaskFilter filter(Caller caller) {
    CreatedRange created = CreatedRange.parse(id, createdFrom, createdTo);
    return new TaskFilter(
        blank(status) ? null : parseStatus(status),
        blank(module) ? null : module,
        blank(label) ? null : label,
        caller.ownerFilter(),
        blank(pipeline) ? null : pipeline,
        created.idPrefix(),
        created.from(),
        created.to());
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static TaskStatus parseStatus(String status) {
    try {
      return TaskStatus.valueOf(status.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MalformedRequest(
          "status '" + status + "' is not one of " + Arrays.toString(TaskStatus.values()) + ".");
    }
  }
}
