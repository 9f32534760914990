package dev.taskmill.api;

import dev.taskmill.api.dto.BulkTaskResultDto;
import dev.taskmill.api.dto.PipelineDto;
import dev.taskmill.api.dto.PipelinePageDto;
import dev.taskmill.auth.CurrentCaller;
import dev.taskmill.config.ServerPaths;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.paging.Paging;
import dev.taskmill.pipeline.CreatePipeline;
import dev.taskmill.pipeline.Pipeline;
import dev.taskmill.pipeline.PipelineActions;
import dev.taskmill.pipeline.PipelineService;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.eta.Estimate;
import dev.taskmill.task.eta.TaskEstimates;
import dev.taskmill.task.model.Task;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.links.Link;
import org.eclipse.microprofile.openapi.annotations.links.LinkParameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Pipelines: several chained tasks created in one request, cancelled or retried as one. */
@Path("/api/v1/pipelines")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Pipelines", description = "Create several chained tasks at once")
@APIResponse(responseCode = "404", description = "No such pipeline")
public class PipelineResource {

  private final PipelineService service;
  private final TaskRepository tasks;
  private final DataRepository data;

  private final CurrentCaller caller;
  private final ServerPaths paths;
  private final IdempotentRequests idempotent;
  private final TaskEstimates estimates;
  private final PipelineActions actions;

  PipelineResource(
      CurrentCaller caller,
      IdempotentRequests idempotent,
      PipelineService service,
      TaskRepository tasks,
      DataRepository data,
      ServerPaths paths,
      TaskEstimates estimates,
      PipelineActions actions) {
    this.actions = actions;
    this.estimates = estimates;
    this.caller = caller;
    this.idempotent = idempotent;
    this.paths = paths;
    this.service = service;
    this.tasks = tasks;
    this.data = data;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createPipeline",
      summary = "Create every step's task at once, wired by step outputs; all or nothing")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = PipelineDto.class)),
      links = {
        @Link(
            name = "GetPipeline",
            operationId = "getPipeline",
            parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
        @Link(
            name = "CancelPipeline",
            operationId = "cancelPipeline",
            parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
        @Link(
            name = "RetryPipeline",
            operationId = "retryPipeline",
            parameters = @LinkParameter(name = "id", expression = "$response.body#/id"))
      })
  @APIResponse(
      responseCode = "422",
      description =
          "A step is invalid (`errors` names each field as steps.<name>.<field>), or an"
              + " Idempotency-Key used before for a different request")
  @APIResponse(responseCode = "400", description = "An unusable Idempotency-Key")
  @APIResponse(
      responseCode = "409",
      description = "A request with this Idempotency-Key is still being served")
  public Response createPipeline(
      CreatePipeline request,
      @HeaderParam(IdempotentRequests.HEADER)
          @Parameter(
              description = IdempotentRequests.DESCRIPTION,
              schema = @Schema(type = SchemaType.STRING, maxLength = IdempotentRequests.MAX_LENGTH))
          String idempotencyKey) {
    return idempotent.once(
        idempotencyKey,
        request,
        () -> {
          Pipeline pipeline = service.create(request, caller.get());
          return Response.created(URI.create("/api/v1/pipelines/" + pipeline.id))
              .entity(view(pipeline))
              .build();
        });
  }

  @GET
  @Operation(
      operationId = "listPipelines",
      summary = "Pipelines, newest first, paged, each with its steps' statuses")
  @APIResponse(responseCode = "200", description = "A page of pipelines")
  @APIResponse(responseCode = "400", description = "page or size is not a valid number")
  public PipelinePageDto listPipelines(
      @QueryParam("label") @Parameter(description = "Part of the label, any case") String label,
      @BeanParam PageQuery pageQuery) {
    Paging paging = pageQuery.paging();
    Paging.Page<Pipeline> result = service.list(label, paging, caller.get());
    return new PipelinePageDto(views(result.items()), paging.page(), paging.size(), result.total());
  }

  @GET
  @Path("/{id}")
  @Operation(operationId = "getPipeline", summary = "A pipeline's steps, tasks and output items")
  @APIResponse(responseCode = "200", description = "The pipeline")
  public PipelineDto getPipeline(@PathParam("id") String id) {
    return view(service.get(id, caller.get()));
  }

  @POST
  @Path("/{id}/cancel")
  @Operation(
      operationId = "cancelPipeline",
      summary = "Cancel every unfinished step of a pipeline",
      description =
          "Each step as POST /tasks/{id}/cancel does it, the last steps first. A step that"
              + " finished meanwhile is listed in `failed` with the reason.")
  @APIResponse(responseCode = "200", description = "How many steps were cancelled")
  @APIResponse(responseCode = "409", description = "Every step has finished (nothing changed)")
  public BulkTaskResultDto cancelPipeline(@PathParam("id") String id) {
    return BulkTaskResultDto.of(actions.cancel(id, caller.get()));
  }

  @POST
  @Path("/{id}/retry")
  @Operation(
      operationId = "retryPipeline",
      summary = "Retry the failed or cancelled steps of a pipeline",
      description =
          "Each step that failed on its own is retried as POST /tasks/{id}/retry does it; the"
              + " steps that failed because of it resume with it.")
  @APIResponse(responseCode = "200", description = "How many steps were retried")
  @APIResponse(responseCode = "409", description = "No step failed (nothing changed)")
  public BulkTaskResultDto retryPipeline(@PathParam("id") String id) {
    return BulkTaskResultDto.of(actions.retryFailed(id, caller.get()));
  }

  private PipelineDto view(Pipeline pipeline) {
    return views(List.of(pipeline)).get(0);
  }

  /** Views of several pipelines, their tasks and output items read in one query each. */
  private List<PipelineDto> views(List<Pipeline> pipelines) {
    List<String> taskIds =
        pipelines.stream().flatMap(p -> p.steps.stream()).map(s -> s.taskId).toList();
    Map<String, Task> byId = new HashMap<>();
    List<String> outputIds = new java.util.ArrayList<>();
    for (Task task : tasks.findAll(taskIds)) {
      byId.put(task.id, task);
      outputIds.addAll(task.outputs.values());
    }
    Map<String, DataItem> items = new HashMap<>();
    data.findAll(outputIds).forEach(item -> items.put(item.id, item));
    Map<String, Estimate> estimated = estimates.of(byId.values());
    return pipelines.stream().map(p -> PipelineDto.of(p, byId, items, estimated, paths)).toList();
  }
}
