package dev.taskmill.api.dto;

import dev.taskmill.config.ServerPaths;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataStatus;
import dev.taskmill.pipeline.Pipeline;
import dev.taskmill.pipeline.PipelineStatus;
import dev.taskmill.task.eta.Estimate;
import dev.taskmill.task.eta.PipelineEstimate;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A pipeline: its steps, the task each became, and the items each produces. */
@Schema(name = "Pipeline")
public record PipelineDto(
    String id,
    String label,
    @Schema(description = "ACTIVE while a task is unfinished; else SUCCEEDED, FAILED or CANCELLED")
        String status,
    Instant createdAt,
    List<StepDto> steps,
    @Schema(
            description =
                "When the retention sweep deletes it, once its tasks are finished; absent: kept"
                    + " until deleted")
        Instant expiresAt,
    @Schema(
            description =
                "When its first task is expected to start, while none has started; left out when"
                    + " unknown (see Task.estimatedStart)")
        Instant estimatedStart,
    @Schema(
            description =
                "When its last task is expected to finish, while it is ACTIVE: the latest"
                    + " estimatedFinish of its unfinished tasks; left out when one of them has none")
        Instant estimatedFinish) {

  /** One step. */
  @Schema(name = "PipelineStep")
  public record StepDto(
      String name,
      String taskId,
      String module,
      TaskStatus status,
      TaskDto.ProgressDto progress,
      String error,
      Map<String, ItemRef> outputs,
      @Schema(description = TaskDto.ESTIMATED_START) Instant estimatedStart,
      @Schema(description = TaskDto.ESTIMATED_FINISH) Instant estimatedFinish) {}

  /** An output item, briefly. */
  @Schema(name = "ItemRef")
  public record ItemRef(String id, DataKind kind, DataStatus status) {}

  /**
   * Maps a pipeline with its tasks, their output items and estimates, looked up by task or item id;
   * {@code paths} hides server paths in the tasks' messages.
   */
  public static PipelineDto of(
      Pipeline pipeline,
      Map<String, Task> tasks,
      Map<String, DataItem> items,
      Map<String, Estimate> estimates,
      ServerPaths paths) {
    List<StepDto> steps =
        pipeline.steps.stream()
            .map(
                step -> {
                  Task task = tasks.get(step.taskId);
                  Estimate estimate = estimates.getOrDefault(step.taskId, Estimate.UNKNOWN);
                  Map<String, ItemRef> outputs = new LinkedHashMap<>();
                  if (task != null) {
                    task.outputs.forEach(
                        (port, id) -> {
                          DataItem item = items.get(id);
                          outputs.put(
                              port,
                              new ItemRef(
                                  id,
                                  item == null ? null : item.kind,
                                  item == null ? null : item.status));
                        });
                  }
                  return new StepDto(
                      step.name,
                      step.taskId,
                      task == null ? null : task.module,
                      task == null ? null : task.status,
                      task == null || task.progress == null
                          ? null
                          : new TaskDto.ProgressDto(
                              task.progress.fraction, paths.hide(task.progress.message)),
                      task == null || task.error == null ? null : paths.hide(task.error.message),
                      outputs,
                      estimate.start(),
                      estimate.finish());
                })
            .toList();
    PipelineStatus status = PipelineStatus.of(steps.stream().map(StepDto::status).toList());
    Estimate whole =
        status == PipelineStatus.ACTIVE
            ? PipelineEstimate.of(
                steps.stream().map(s -> tasks.get(s.taskId())).filter(Objects::nonNull).toList(),
                estimates)
            : Estimate.UNKNOWN;
    return new PipelineDto(
        pipeline.id,
        pipeline.label,
        status.name(),
        pipeline.createdAt,
        steps,
        pipeline.expiresAt,
        whole.start(),
        whole.finish());
  }
}
