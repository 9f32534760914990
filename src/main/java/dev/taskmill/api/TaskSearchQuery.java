package dev.taskmill.api;

import dev.taskmill.task.view.TaskSearch;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The search and order query parameters of the task list, declared (and documented) once. */
public class TaskSearchQuery {

  @QueryParam("status")
  @Schema(
      type = SchemaType.STRING,
      enumeration = {"WAITING", "QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"})
  String status;

  @QueryParam("module")
  String module;

  @QueryParam("label")
  @Parameter(description = "Part of the label, any case")
  String label;

  @QueryParam("pipeline")
  @Parameter(description = "A pipeline's id: its tasks")
  String pipeline;

  @QueryParam("id")
  @Parameter(description = "A task id, or its start (hexadecimal digits)")
  @Schema(type = SchemaType.STRING, pattern = "^[0-9a-fA-F]{1,24}$")
  String id;

  @QueryParam("createdFrom")
  @Parameter(
      description =
          "Created at or after: an instant (2026-12-07T10:00:00Z) or a day (2026-12-07, from its"
              + " start in UTC)")
  String createdFrom;

  @QueryParam("createdTo")
  @Parameter(
      description =
          "Created at or before: an instant (2026-12-07T18:00:00Z) or a day (2026-12-07, to its"
              + " end in UTC)")
  String createdTo;

  @QueryParam("sort")
  @Parameter(description = "The column to sort by; default created")
  @Schema(
      type = SchemaType.STRING,
      enumeration = {"created", "finished", "module", "status"})
  String sort;

  @QueryParam("order")
  @Parameter(description = "asc or desc; default desc (newest first)")
  @Schema(
      type = SchemaType.STRING,
      enumeration = {"asc", "desc"})
  String order;

  /** The search fields, as sent. */
  public TaskSearch search() {
    return new TaskSearch(status, module, label, pipeline, id, createdFrom, createdTo);
  }
}
