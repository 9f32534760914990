package dev.taskmill.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.api.dto.TaskBatchDto;
import dev.taskmill.api.dto.TaskDto;
import dev.taskmill.api.dto.TaskPageDto;
import dev.taskmill.auth.CurrentCaller;
import dev.taskmill.config.ServerPaths;
import dev.taskmill.paging.Paging;
import dev.taskmill.task.CreateTask;
import dev.taskmill.task.CreateTaskBatch;
import dev.taskmill.task.RetryChanges;
import dev.taskmill.task.TaskBatch;
import dev.taskmill.task.TaskDeletion;
import dev.taskmill.task.TaskExecutions;
import dev.taskmill.task.TaskLiveLogs;
import dev.taskmill.task.TaskService;
import dev.taskmill.task.caps.ConcurrencyCaps;
import dev.taskmill.task.eta.Estimate;
import dev.taskmill.task.eta.TaskEstimates;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.view.TaskQueries;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.links.Link;
import org.eclipse.microprofile.openapi.annotations.links.LinkParameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tasks: create (with PENDING outputs), list, inspect, follow the log, cancel, retry, delete. */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks", description = "Run modules on data items and chain them")
@APIResponse(responseCode = "400", description = "Malformed request")
@APIResponse(responseCode = "404", description = "No such task")
public class TaskResource {

  private final TaskService service;
  private final TaskBatch batch;
  private final TaskQueries queries;
  private final TaskExecutions executions;
  private final TaskLiveLogs liveLogs;
  private final ObjectMapper json;
  private final ServerPaths paths;
  private final CurrentCaller caller;
  private final IdempotentRequests idempotent;
  private final TaskEstimates estimates;
  private final ConcurrencyCaps caps;
  private final TaskDeletion deletion;

  TaskResource(
      CurrentCaller caller,
      IdempotentRequests idempotent,
      TaskService service,
      TaskBatch batch,
      TaskQueries queries,
      TaskExecutions executions,
      TaskLiveLogs liveLogs,
      ObjectMapper json,
      ServerPaths paths,
      TaskEstimates estimates,
      ConcurrencyCaps caps,
      TaskDeletion deletion) {
    this.deletion = deletion;
    this.estimates = estimates;
    this.caps = caps;
    this.service = service;
    this.batch = batch;
    this.queries = queries;
    this.executions = executions;
    this.liveLogs = liveLogs;
    this.json = json;
    this.paths = paths;
    this.caller = caller;
    this.idempotent = idempotent;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createTask",
      summary = "Create a task; its output items are created PENDING at once",
      description =
          "Validated whole before anything is written. Outputs can feed further tasks right away;"
              + " such a task waits until its inputs are AVAILABLE.")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = TaskDto.class)),
      links = {
        @Link(
            name = "GetTask",
            operationId = "getTask",
            parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
        @Link(
            name = "GetTaskLog",
            operationId = "getTaskLog",
            parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
        @Link(
            name = "CancelTask",
            operationId = "cancelTask",
            parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
        @Link(
            name = "RetryTask",
            operationId = "retryTask",
            parameters = @LinkParameter(name = "id", expression = "$response.body#/id"))
      })
  @APIResponse(
      responseCode = "422",
      description =
          "Invalid module, inputs or params (`errors` names each field), or an Idempotency-Key"
              + " used before for a different request")
  @APIResponse(
      responseCode = "409",
      description = "A request with this Idempotency-Key is still being served")
  public Response createTask(
      CreateTask request,
      @HeaderParam(IdempotentRequests.HEADER)
          @Parameter(
              description = IdempotentRequests.DESCRIPTION,
              schema = @Schema(type = SchemaType.STRING, maxLength = IdempotentRequests.MAX_LENGTH))
          String idempotencyKey) {
    return idempotent.once(
        idempotencyKey,
        request,
        () -> {
          Task task = service.create(request, caller.get());
          return Response.created(URI.create("/api/v1/tasks/" + task.id))
              .entity(TaskDto.of(task, json, paths))
              .build();
        });
  }

  @POST
  @Path("/batch")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createTasks",
      summary = "Create up to 1,000 tasks in one request, all or none",
      description =
          "Every task is validated before anything is written; one invalid task fails the batch"
              + " with a 422 naming each bad field as `tasks[i].field`. Then the tasks and their"
              + " PENDING outputs are stored together; if storing fails midway what was stored is"
              + " deleted again. An input cannot refer to a task of the same batch (use a pipeline).")
  @APIResponse(
      responseCode = "201",
      description = "Created, in the order of the request",
      content = @Content(schema = @Schema(implementation = TaskBatchDto.class)))
  @APIResponse(
      responseCode = "422",
      description =
          "No task, more than 1,000, or an invalid task (`errors` names each field), or an"
              + " Idempotency-Key used before for a different request")
  @APIResponse(
      responseCode = "409",
      description = "A request with this Idempotency-Key is still being served")
  public Response createTasks(
      CreateTaskBatch request,
      @HeaderParam(IdempotentRequests.HEADER)
          @Parameter(
              description = IdempotentRequests.DESCRIPTION,
              schema = @Schema(type = SchemaType.STRING, maxLength = IdempotentRequests.MAX_LENGTH))
          String idempotencyKey) {
    return idempotent.once(
        idempotencyKey,
        request,
        () -> {
          List<Task> created = batch.create(request, caller.get());
          return Response.status(Response.Status.CREATED)
              .entity(
                  new TaskBatchDto(created.stream().map(t -> TaskDto.of(t, json, paths)).toList()))
              .build();
        });
  }

  @GET
  @Operation(operationId = "listTasks", summary = "Tasks: searched, sorted (newest first), paged")
  @APIResponse(responseCode = "200", description = "A page of tasks")
  public TaskPageDto listTasks(@BeanParam TaskSearchQuery search, @BeanParam PageQuery pageQuery) {
    Paging paging = pageQuery.paging();
    Paging.Page<Task> result =
        queries.list(search.search(), search.sort, search.order, paging, caller.get());
    Map<String, Estimate> estimated = estimates.of(result.items());
    Function<Task, String> waiting = caps.reasons(result.items());
    return new TaskPageDto(
        result.items().stream()
            .map(
                t ->
                    TaskDto.of(
                        t,
                        json,
                        paths,
                        estimated.getOrDefault(t.id, Estimate.UNKNOWN),
                        waiting.apply(t)))
            .toList(),
        paging.page(),
        paging.size(),
        result.total());
  }

  @GET
  @Path("/{id}")
  @Operation(operationId = "getTask", summary = "One task with attempts, progress and error")
  @APIResponse(responseCode = "200", description = "The task")
  public TaskDto getTask(@PathParam("id") String id) {
    Task task = service.get(id, caller.get());
    return TaskDto.of(
        task,
        json,
        paths,
        estimates.of(List.of(task)).getOrDefault(task.id, Estimate.UNKNOWN),
        caps.reasons(List.of(task)).apply(task));
  }

  @GET
  @Path("/{id}/log")
  @Produces(MediaType.TEXT_PLAIN)
  @Operation(
      operationId = "getTaskLog",
      summary =
          "The module's output: live while it runs (copied every 2 s from the instance running"
              + " it), else of the latest attempt")
  @APIResponse(responseCode = "200", description = "The log, as text")
  public String getTaskLog(@PathParam("id") String id) {
    Task task = service.get(id, caller.get());
    return paths.hide(
        executions
            .liveLog(id)
            .or(() -> liveLogs.find(task))
            .orElse(task.log == null ? "" : task.log));
  }

  @POST
  @Path("/{id}/cancel")
  @Operation(
      operationId = "cancelTask",
      summary = "Cancel an unfinished task; a running one has its process tree killed")
  @APIResponse(responseCode = "409", description = "The task has finished")
  @APIResponse(responseCode = "200", description = "The cancelled task")
  public TaskDto cancelTask(@PathParam("id") String id) {
    return TaskDto.of(service.cancel(id, caller.get()), json, paths);
  }

  @DELETE
  @Path("/{id}")
  @Operation(
      operationId = "deleteTask",
      summary = "Delete a finished task with its outputs that no unfinished task needs")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "409", description = "The task has not finished (nothing changed)")
  public void deleteTask(@PathParam("id") String id) {
    deletion.delete(id, caller.get());
  }

  @POST
  @Path("/{id}/retry")
  @Operation(
      operationId = "retryTask",
      summary =
          "Run a FAILED or CANCELLED task again with the same output ids; dependants that failed"
              + " because of it resume")
  @APIResponse(responseCode = "409", description = "The task is not FAILED or CANCELLED")
  @APIResponse(
      responseCode = "422",
      description = "timeoutSeconds or maxAttempts out of range (nothing changed)")
  @APIResponse(responseCode = "200", description = "The task, WAITING again")
  public TaskDto retryTask(
      @PathParam("id") String id,
      @RequestBody(
              required = false,
              description = "Optional: a new timeoutSeconds or maxAttempts for the retry",
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = RetryChanges.class)))
          String body) {
    RetryChanges changes = RetryBody.parse(body, json);
    return TaskDto.of(service.retry(id, changes, caller.get()), json, paths);
  }
}
