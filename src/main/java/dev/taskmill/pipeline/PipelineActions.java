package dev.taskmill.pipeline;

import dev.taskmill.auth.Caller;
import dev.taskmill.failure.Conflict;
import dev.taskmill.task.TaskBulk;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Cancels a whole pipeline or retries its failed steps, through {@link TaskBulk} on the steps'
 * tasks by id, so each step is cancelled or retried exactly as a single task is.
 */
@ApplicationScoped
public class PipelineActions {

  private final PipelineService pipelines;
  private final TaskRepository tasks;
  private final TaskBulk bulk;

  PipelineActions(PipelineService pipelines, TaskRepository tasks, TaskBulk bulk) {
    this.pipelines = pipelines;
    this.tasks = tasks;
    this.bulk = bulk;
  }

  /**
   * Cancels every unfinished step, the last steps first (so a step is cancelled, not failed because
   * the step before it was); 409 when every step has finished.
   */
  public TaskBulk.Outcome cancel(String id, Caller caller) {
    List<Task> steps = steps(id, caller);
    List<String> unfinished = new ArrayList<>();
    for (Task task : steps) {
      if (!task.status.isTerminal()) {
        unfinished.add(task.id);
      }
    }
    if (unfinished.isEmpty()) {
      throw new Conflict("Every step of pipeline " + id + " has finished; nothing to cancel.");
    }
    Collections.reverse(unfinished);
    return bulk.cancel(unfinished, null, caller);
  }

  /**
   * Retries each FAILED or CANCELLED step that failed on its own (not because a step before it
   * did): a retry resumes those dependants by itself. 409 when no step failed.
   */
  public TaskBulk.Outcome retryFailed(String id, Caller caller) {
    List<String> failed = new ArrayList<>();
    for (Task task : steps(id, caller)) {
      boolean ended = task.status == TaskStatus.FAILED || task.status == TaskStatus.CANCELLED;
      if (ended && task.failedBecause == null) {
        failed.add(task.id);
      }
    }
    if (failed.isEmpty()) {
      throw new Conflict(
          "No step of pipeline " + id + " failed or was cancelled; nothing to retry.");
    }
    return bulk.retry(failed, null, caller);
  }

  /** The pipeline's tasks in step order (a deleted one is left out). */
  private List<Task> steps(String id, Caller caller) {
    Pipeline pipeline = pipelines.get(id, caller);
    List<String> ids = pipeline.steps.stream().map(step -> step.taskId).toList();
    Map<String, Task> byId =
        tasks.findAll(ids).stream().collect(Collectors.toMap(t -> t.id, Function.identity()));
    return ids.stream().filter(byId::containsKey).map(byId::get).toList();
  }
}
