package dev.taskmill.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.api.dto.WorkerDtos;
import dev.taskmill.auth.CurrentCaller;
import dev.taskmill.auth.WorkerOnly;
import dev.taskmill.instance.RemoteInstances;
import dev.taskmill.remote.ClaimWait;
import dev.taskmill.remote.ClaimedTask;
import dev.taskmill.remote.Registration;
import dev.taskmill.remote.RemoteHeartbeats;
import dev.taskmill.remote.RemoteWorkers;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The remote worker protocol (docs/worker-protocol.md), its workers' part: register, claim,
 * heartbeat. Maps HTTP onto {@code dev.taskmill.remote}, which decides; {@link WorkerTaskResource}
 * has the calls about one claimed attempt. Only worker keys may call it.
 */
@Path("/api/v1/workers")
@Produces(MediaType.APPLICATION_JSON)
@WorkerOnly
@Tag(name = "Workers", description = "The remote worker protocol (worker keys only)")
@APIResponse(responseCode = "400", description = "A malformed id, query parameter or body")
@APIResponse(responseCode = "403", description = "Needs a worker key")
public class WorkerResource {

  private final CurrentCaller caller;
  private final RemoteWorkers workers;
  private final ClaimWait claims;
  private final RemoteHeartbeats heartbeats;
  private final ObjectMapper json;

  WorkerResource(
      CurrentCaller caller,
      RemoteWorkers workers,
      ClaimWait claims,
      RemoteHeartbeats heartbeats,
      ObjectMapper json) {
    this.caller = caller;
    this.workers = workers;
    this.claims = claims;
    this.heartbeats = heartbeats;
    this.json = json;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "registerWorker",
      summary = "Register a remote worker (again: send its workerId), with what it offers")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(implementation = WorkerDtos.Register.class)))
  @APIResponse(
      responseCode = "200",
      description = "Registered",
      content = @Content(schema = @Schema(implementation = WorkerDtos.Registered.class)))
  @APIResponse(responseCode = "409", description = "The workerId belongs to another key")
  @APIResponse(responseCode = "422", description = "A missing or malformed field")
  public WorkerDtos.Registered registerWorker(WorkerDtos.Register body) {
    if (body == null) {
      throw ProblemException.invalid(
          "Send a JSON object such as {\"host\": \"edge-1\", \"capacity\": 2, \"labels\":"
              + " [\"edge\"], \"modules\": [{\"name\": \"transcribe\", \"checksum\": \"...\"}]}.");
    }
    List<RemoteInstances.ModuleCopy> modules =
        body.modules() == null
            ? List.of()
            : body.modules().stream()
                .map(
                    m ->
                        m == null
                            ? null
                            : new RemoteInstances.ModuleCopy(m.name(), m.version(), m.checksum()))
                .toList();
    Registration registration =
        new Registration(
            body.workerId(),
            body.host(),
            body.version(),
            body.labels(),
            body.capacity(),
            body.gpuFreeMb(),
            modules);
    return WorkerDtos.Registered.of(workers.register(registration, caller.get()));
  }

  @POST
  @Path("/{id}/claim")
  @Blocking
  @Operation(
      operationId = "claimTask",
      summary = "Claim the next task this worker can run, waiting up to waitSeconds for one",
      description =
          "A long poll: answers 200 with the task as soon as one can be claimed, 204 when none"
              + " came within waitSeconds (0..30, default 0). The lease lasts leaseSeconds: keep it"
              + " with heartbeats.")
  @APIResponse(
      responseCode = "200",
      description = "A claimed task, leased to this worker",
      content = @Content(schema = @Schema(implementation = WorkerDtos.Claimed.class)))
  @APIResponse(responseCode = "204", description = "No task within the wait")
  @APIResponse(responseCode = "422", description = "waitSeconds outside 0..30")
  @APIResponse(responseCode = "404", description = "No such worker for this key: register again")
  public Uni<Response> claimTask(
      @PathParam("id") String id,
      @Parameter(
              description = "How long to wait for a task, 0..30 seconds",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "30"))
          @QueryParam("waitSeconds")
          Integer waitSeconds,
      @Context HttpServerResponse connection) {
    if (waitSeconds != null && (waitSeconds < 0 || waitSeconds > RemoteWorkers.MAX_WAIT_SECONDS)) {
      throw ProblemException.invalid(
          "waitSeconds must be 0.."
              + RemoteWorkers.MAX_WAIT_SECONDS
              + ", not "
              + waitSeconds
              + ".");
    }
    RemoteInstances.Worker worker = workers.worker(id, caller.get());
    Duration wait = Duration.ofSeconds(waitSeconds == null ? 0 : waitSeconds);
    return claims
        .claimWithin(worker, wait, () -> !connection.closed())
        .map(
            claimed ->
                claimed
                    .map(t -> Response.ok(WorkerDtos.Claimed.of(t, params(t))).build())
                    .orElseGet(() -> Response.noContent().build()));
  }

  @POST
  @Path("/{id}/heartbeat")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "workerHeartbeat",
      summary = "Say the worker is alive and renew the leases it holds; answers which to stop")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(implementation = WorkerDtos.Heartbeat.class)))
  @APIResponse(
      responseCode = "200",
      description = "Leases renewed, but those listed in stop",
      content = @Content(schema = @Schema(implementation = WorkerDtos.HeartbeatAnswer.class)))
  @APIResponse(responseCode = "404", description = "No such worker for this key: register again")
  @APIResponse(responseCode = "422", description = "More than 10000 leases")
  public WorkerDtos.HeartbeatAnswer workerHeartbeat(
      @PathParam("id") String id, WorkerDtos.Heartbeat body) {
    RemoteInstances.Worker worker = workers.worker(id, caller.get());
    WorkerDtos.Heartbeat beat = body == null ? new WorkerDtos.Heartbeat(null, null, null) : body;
    if (beat.leases() != null && beat.leases().size() > 10_000) {
      throw ProblemException.invalid("A heartbeat names at most 10000 leases.");
    }
    List<RemoteHeartbeats.Lease> leases =
        beat.leases() == null
            ? List.of()
            : beat.leases().stream()
                .filter(l -> l != null)
                .map(l -> new RemoteHeartbeats.Lease(l.taskId(), l.token()))
                .toList();
    List<RemoteHeartbeats.Stop> stops =
        heartbeats.beat(
            worker,
            leases,
            beat.freeSlots() == null ? worker.capacity() : beat.freeSlots(),
            beat.gpuFreeMb() == null ? worker.gpuFreeMb() : beat.gpuFreeMb());
    return WorkerDtos.HeartbeatAnswer.of(stops, registeredLeaseSeconds());
  }

  private int registeredLeaseSeconds() {
    return (int) Math.max(1, workers.leaseSeconds());
  }

  private JsonNode params(ClaimedTask task) {
    try {
      return task.params() == null ? json.createObjectNode() : json.readTree(task.params());
    } catch (IOException e) {
      return json.getNodeFactory().textNode(task.params());
    }
  }
}
