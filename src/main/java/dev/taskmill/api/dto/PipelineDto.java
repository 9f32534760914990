package dev.taskmill.api.dto;

import dev.taskmill.config.ServerPaths;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataStatus;
import dev.taskmill.pipeline.Pipeline;
import dev.taskmill.pipeline.PipelineStatus;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Instant expiresAt) {

  /** One step. */
  @Schema(name = "PipelineStep")
  public record StepDto(
      String name,
      String taskId,
      String module,
      TaskStatus status,
      TaskDto.ProgressDto progress,
      String error,
      Map<String, ItemRef> outputs) {}

  /** An output item, briefly. */
  @Schema(name = "ItemRef")
  public record ItemRef(String id, DataKind kind, DataStatus status) {}

  /**
   * Maps a pipeline with its tasks and their output items, looked up by id; {@code paths} hides
   * server paths in the tasks' messages.
   */
  public static PipelineDto of(
      Pipeline pipeline, Map<String, Task> tasks, Map<String, DataItem> items, ServerPaths paths) {
    List<StepDto> steps =
        pipeline.steps.stream()
            .map(
                step -> {
                  Task task = tasks.get(step.taskId);
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
                      outputs);
                })
            .toList();
    PipelineStatus status = PipelineStatus.of(steps.stream().map(StepDto::status).toList());
    return new PipelineDto(
        pipeline.id, pipeline.label, status.name(), pipeline.createdAt, steps, pipeline.expiresAt);
  }
}
