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
      String status, String module, String label, Paging paging, Caller caller) {
    TaskFilter filter =
        new TaskFilter(
            status == null || status.isBlank() ? null : parseStatus(status),
            module == null || module.isBlank() ? null : module,
            label == null || label.isBlank() ? null : label,
            caller.ownerFilter());
    return tasks.list(filter, paging);
  }

  private static TaskStatus parseStatus(String status) {
    try {
      return TaskStatus.valueOf(status.toUpperCase());
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
