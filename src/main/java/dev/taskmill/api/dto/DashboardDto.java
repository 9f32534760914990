package dev.taskmill.api.dto;

import dev.taskmill.task.model.TaskStatus;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a dashboard shows at a glance. */
@Schema(name = "Dashboard")
public record DashboardDto(
    @Schema(description = "tasks, data and modules by status") Counts counts,
    @Schema(description = "RUNNING tasks with progress") List<TaskDto> active,
    @Schema(
            description =
                "QUEUED tasks in the order they will run, then delayed WAITING ones by due time")
        List<TaskDto> planned,
    @Schema(description = "Finished tasks, most recent first") List<TaskDto> recent,
    @Schema(description = "FAILED tasks with their reason, most recent first")
        List<TaskDto> failures,
    @Schema(description = "Runs per module") List<ModuleRunsDto> modules,
    @Schema(description = "Worker slots of this instance") int workerSlots) {

  /** Counts by status. */
  @Schema(name = "DashboardCounts")
  public record Counts(
      Map<TaskStatus, Long> tasks, Map<String, Long> data, Map<String, Integer> modules) {}

  /** One module's runs. */
  @Schema(name = "ModuleRuns")
  public record ModuleRunsDto(
      String module,
      long runs,
      long succeeded,
      long failed,
      @Schema(description = "succeeded / runs, 0..1") double successRate,
      @Schema(description = "Mean duration of succeeded runs, ms") double meanMillis) {}
}
