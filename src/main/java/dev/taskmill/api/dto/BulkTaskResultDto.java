package dev.taskmill.api.dto;

import dev.taskmill.task.TaskBulk;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a bulk retry or cancel did. */
@Schema(name = "BulkTaskResult")
public record BulkTaskResultDto(
    @Schema(description = "Tasks the ids named (that you may see) or the filter selected")
        int matched,
    @Schema(description = "Tasks retried or cancelled") int changed,
    @Schema(description = "The first 100 tasks not changed, each with the reason")
        List<Failure> failed,
    @Schema(description = "How many tasks were not changed in all") int failedTotal) {

  /** A task not changed, and why. */
  @Schema(name = "BulkTaskFailure")
  public record Failure(String id, String reason) {}

  public static BulkTaskResultDto of(TaskBulk.Outcome outcome) {
    return new BulkTaskResultDto(
        outcome.matched(),
        outcome.changed(),
        outcome.failed().stream().map(f -> new Failure(f.id(), f.reason())).toList(),
        outcome.failedTotal());
  }
}
