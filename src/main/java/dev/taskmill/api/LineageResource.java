package dev.taskmill.api;

import dev.taskmill.api.dto.LineageDto;
import dev.taskmill.auth.CurrentCaller;
import dev.taskmill.data.DataItems;
import dev.taskmill.data.DataRepository;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.view.Lineage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where a data item came from and what was made of it. */
@Path("/api/v1/data/{id}/lineage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Data")
public class LineageResource {

  /** Nodes returned at most; the graph says when it was cut. */
  static final int LIMIT = 1000;

  private final DataItems items;
  private final DataRepository data;
  private final TaskRepository tasks;

  private final CurrentCaller caller;

  LineageResource(
      CurrentCaller caller, DataItems items, DataRepository data, TaskRepository tasks) {
    this.caller = caller;
    this.items = items;
    this.data = data;
    this.tasks = tasks;
  }

  @GET
  @Operation(
      operationId = "getDataLineage",
      summary = "The producer chain upstream of a data item and its consumers downstream")
  @APIResponse(responseCode = "404", description = "No such data item")
  @APIResponse(responseCode = "200", description = "The lineage")
  public LineageDto getDataLineage(@PathParam("id") String id) {
    return LineageDto.of(Lineage.of(items.get(id, caller.get()), data, tasks, LIMIT, caller.get()));
  }
}
