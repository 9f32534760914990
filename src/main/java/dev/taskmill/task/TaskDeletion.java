package dev.taskmill.task;

import dev.taskmill.auth.Caller;
import dev.taskmill.data.DataEdits;
import dev.taskmill.data.DataRepository;
import dev.taskmill.failure.Conflict;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * A client's delete of a finished task: the store's conditional delete of finished tasks that the
 * retention sweep uses too, then each output that no unfinished task needs, with its file, through
 * {@link DataEdits#removeUnused} (as the sweep removes expired items). An output an unfinished task
 * reads stays.
 */
@ApplicationScoped
public class TaskDeletion {

  private final TaskService service;
  private final TaskRepository tasks;
  private final DataRepository data;
  private final DataEdits edits;

  TaskDeletion(TaskService service, TaskRepository tasks, DataRepository data, DataEdits edits) {
    this.service = service;
    this.tasks = tasks;
    this.data = data;
    this.edits = edits;
  }

  /** Deletes a SUCCEEDED, FAILED or CANCELLED task and its unused outputs; 409 for the others. */
  public Task delete(String id, Caller caller) {
    Task task = service.get(id, caller);
    if (!task.status.isTerminal()) {
      throw unfinished(task);
    }
    if (tasks.deleteFinished(List.of(id)) == 0) {
      throw unfinished(service.get(id, caller));
    }
    data.findAll(task.outputs.values()).forEach(edits::removeUnused);
    return task;
  }

  private static Conflict unfinished(Task task) {
    return new Conflict(
        "Task "
            + task.id
            + " is "
            + task.status
            + "; only a finished task (SUCCEEDED, FAILED or CANCELLED) can be deleted. Cancel it"
            + " first.");
  }
}
