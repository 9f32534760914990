package dev.taskmill.api;

import dev.taskmill.task.view.TaskSearch;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The search and order query parameters of the task list, declared (and documented) once; the id
 * and creation range are the data list's ({@link CreatedQuery}).
 */
public class TaskSearchQuery extends CreatedQuery {

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
