package dev.taskmill.api.dto;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The tasks a bulk retry or cancel acts on: by ids, or by a filter as the task list takes it. */
@Schema(name = "BulkTaskRequest")
public record BulkTaskRequest(
    @Schema(description = "Task ids (at most 10,000); not with a filter field", maxItems = 10000)
        List<String> ids,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"WAITING", "QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"},
            description = "Tasks in this status")
        String status,
    @Schema(description = "Tasks of this module") String module,
    @Schema(description = "Tasks of this pipeline (its id)") String pipeline,
    @Schema(description = "Tasks whose label contains this text, in any case") String label) {

  /** Whether a filter field is given. */
  public boolean hasFilter() {
    return given(status) || given(module) || given(pipeline) || given(label);
  }

  private static boolean given(String value) {
    return value != null && !value.isBlank();
  }
}
