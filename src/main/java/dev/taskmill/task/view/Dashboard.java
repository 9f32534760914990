package dev.taskmill.task.view;

import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The task lists a dashboard shows, each one indexed query on the tasks (see {@link TaskStore}), so
 * it stays cheap however long the history grows.
 */
@ApplicationScoped
public class Dashboard {

  private final TaskStore tasks;

  Dashboard(TaskRepository tasks) {
    this.tasks = tasks;
  }

  /** RUNNING tasks of {@code owner} (null: everyone's), oldest start first. */
  public List<Task> active(int limit, String owner) {
    return tasks.running(owner, limit);
  }

  /**
   * QUEUED tasks of {@code owner} (null: everyone's) in the order they will be claimed, then
   * delayed WAITING tasks by due time.
   */
  public List<Task> planned(int limit, String owner) {
    return tasks.planned(owner, limit);
  }

  /** Finished tasks ({@code statuses}) of {@code owner} (null: everyone's), most recent first. */
  public List<Task> finished(List<TaskStatus> statuses, int limit, String owner) {
    return tasks.finished(statuses, owner, limit);
  }
}
