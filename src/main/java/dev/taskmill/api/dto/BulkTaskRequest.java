package dev.taskmill.api.dto;

import dev.taskmill.task.view.TaskSearch;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The tasks a bulk retry, cancel or delete acts on: by ids, or by a filter as the task list takes
 * it.
 */
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
    @Schema(description = "Tasks whose label contains this text, in any case") String label,
    @Schema(description = "Tasks whose id is this or starts with it (hexadecimal)") String id,
    @Schema(description = "Tasks created at or after: an instant or a day, as GET /tasks takes it")
        String createdFrom,
    @Schema(description = "Tasks created at or before: an instant or a day, as GET /tasks takes it")
        String createdTo) {

  /** The filter fields, as the task list takes them. */
  public TaskSearch search() {
    return new TaskSearch(status, module, label, pipeline, id, createdFrom, createdTo);
  }

  /** Whether a filter field is given. */
  public boolean hasFilter() {
    return search().any();
  }
}
