package dev.taskmill.api;

import dev.taskmill.api.dto.BulkTaskRequest;
import dev.taskmill.api.dto.BulkTaskResultDto;
import dev.taskmill.auth.Caller;
import dev.taskmill.auth.CurrentCaller;
import dev.taskmill.failure.Invalid;
import dev.taskmill.failure.MalformedRequest;
import dev.taskmill.task.TaskBulk;
import dev.taskmill.task.store.TaskFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Retry, cancel or delete many tasks in one request: a user's own tasks, an admin's any. */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks", description = "Run modules on data items and chain them")
@APIResponse(responseCode = "400", description = "Malformed body or status")
@APIResponse(
    responseCode = "422",
    description =
        "Neither ids nor a filter, both, or more than 10,000 tasks named or selected (nothing"
            + " changed)")
public class TaskBulkResource {

  private final TaskBulk bulk;
  private final CurrentCaller caller;

  TaskBulkResource(TaskBulk bulk, CurrentCaller caller) {
    this.bulk = bulk;
    this.caller = caller;
  }

  @POST
  @Path("/retry")
  @Operation(
      operationId = "retryTasks",
      summary = "Retry many FAILED or CANCELLED tasks, named by ids or selected by a filter",
      description =
          "Each task as POST /tasks/{id}/retry does it. The filter (status, module, pipeline,"
              + " label, id, createdFrom, createdTo) selects as GET /tasks does. A task that is not FAILED or CANCELLED, or"
              + " that you may not see, is left as it is and listed in `failed` with the reason.")
  @APIResponse(responseCode = "200", description = "How many matched and changed")
  public BulkTaskResultDto retryTasks(BulkTaskRequest request) {
    Caller who = caller.get();
    return BulkTaskResultDto.of(bulk.retry(ids(request), filter(request, who), who));
  }

  @POST
  @Path("/cancel")
  @Operation(
      operationId = "cancelTasks",
      summary = "Cancel many unfinished tasks, named by ids or selected by a filter",
      description =
          "Each task as POST /tasks/{id}/cancel does it (a running one has its process tree"
              + " killed, dependants fail). The filter selects as GET /tasks does. A finished task,"
              + " or one you may not see, is left as it is and listed in `failed` with the reason.")
  @APIResponse(responseCode = "200", description = "How many matched and changed")
  public BulkTaskResultDto cancelTasks(BulkTaskRequest request) {
    Caller who = caller.get();
    return BulkTaskResultDto.of(bulk.cancel(ids(request), filter(request, who), who));
  }

  @POST
  @Path("/delete")
  @Operation(
      operationId = "deleteTasks",
      summary = "Delete many finished tasks, named by ids or selected by a filter",
      description =
          "Each task as DELETE /tasks/{id} does it (with its outputs that no unfinished task"
              + " needs). The filter selects as GET /tasks does. An unfinished task, or one you may"
              + " not see, is left as it is and listed in `failed` with the reason.")
  @APIResponse(responseCode = "200", description = "How many matched and were deleted")
  public BulkTaskResultDto deleteTasks(BulkTaskRequest request) {
    Caller who = caller.get();
    return BulkTaskResultDto.of(bulk.delete(ids(request), filter(request, who), who));
  }

  private static java.util.List<String> ids(BulkTaskRequest request) {
    if (request == null) {
      throw new MalformedRequest(
          "The request body is missing; send {\"ids\": [...]} or a filter such as"
              + " {\"status\": \"FAILED\"}.");
    }
    if (request.ids() != null && request.hasFilter()) {
      throw new Invalid(
          "Send either ids or a filter (status, module, pipeline, label, id, createdFrom,"
              + " createdTo), not both.");
    }
    if (request.ids() == null && !request.hasFilter()) {
      throw new Invalid(
          "Name the tasks: ids, or at least one of status, module, pipeline, label, id,"
              + " createdFrom, createdTo. (To act on every task, filter by status.)");
    }
    return request.ids();
  }

  private static TaskFilter filter(BulkTaskRequest request, Caller who) {
    return request.ids() != null ? null : request.search().filter(who);
  }
}
