package dev.taskmill.task.view;

import dev.taskmill.auth.Caller;
import dev.taskmill.failure.MalformedRequest;
import dev.taskmill.paging.Paging;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.store.TaskFilter;
import dev.taskmill.task.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;

/** Lists tasks for the API: filters, newest first, paged. */
@ApplicationScoped
public class TaskQueries {

  private final TaskStore tasks;

  TaskQueries(TaskRepository tasks) {
    this.tasks = tasks;
  }

  /** Tasks matching the filters (null means any), newest first. */
  public Paging.Page<Task> list(
      String status, String module, String label, String pipeline, Paging paging, Caller caller) {
    return tasks.list(filter(status, module, label, pipeline, caller), paging);
  }

  /**
   * The filter of a listing: the given fields (null or blank means any) and what {@code caller} may
   * see. Bulk retry and cancel select tasks with the same filter.
   */
  public static TaskFilter filter(
      String status, String module, String label, String pipeline, Caller caller) {
    return new TaskFilter(
        blank(status) ? null : parseStatus(status),
        blank(module) ? null : module,
        blank(label) ? null : label,
        caller.ownerFilter(),
        blank(pipeline) ? null : pipeline);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static TaskStatus parseStatus(String status) {
    try {
      return TaskStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MalformedRequest(
          "status '"
              + status
              + "' is not one of "
              + java.util.Arrays.toString(TaskStatus.values())
              + ".");
    }
  }
}
