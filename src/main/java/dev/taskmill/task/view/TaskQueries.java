package dev.taskmill.task.view;

import dev.taskmill.auth.Caller;
import dev.taskmill.failure.MalformedRequest;
import dev.taskmill.paging.Paging;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.store.TaskSort;
import dev.taskmill.task.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Locale;

/** Lists tasks for the API: searched, sorted (newest first unless asked), paged. */
@ApplicationScoped
public class TaskQueries {

  private final TaskStore tasks;

  TaskQueries(TaskRepository tasks) {
    this.tasks = tasks;
  }

  /**
   * Tasks matching {@code search}, sorted by {@code sort} (created, finished, module, status; null:
   * created) in {@code order} (asc or desc; null: desc).
   */
  public Paging.Page<Task> list(
      TaskSearch search, String sort, String order, Paging paging, Caller caller) {
    return tasks.list(search.filter(caller), sort(sort, order), paging);
  }

  /** The order of a listing; a 400 that lists the choices for an unknown one. */
  static TaskSort sort(String sort, String order) {
    TaskSort.Column column = TaskSort.Column.CREATED;
    if (sort != null && !sort.isBlank()) {
      try {
        column = TaskSort.Column.valueOf(sort.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new MalformedRequest(
            "sort '"
                + sort
                + "' is not one of "
                + Arrays.toString(TaskSort.Column.values()).toLowerCase(Locale.ROOT)
                + ".");
      }
    }
    boolean ascending = false;
    if (order != null && !order.isBlank()) {
      switch (order.strip().toLowerCase(Locale.ROOT)) {
        case "asc" -> ascending = true;
        case "desc" -> ascending = false;
        default -> throw new MalformedRequest("order '" + order + "' is not asc or desc.");
      }
    }
    return new TaskSort(column, ascending);
  }
}
