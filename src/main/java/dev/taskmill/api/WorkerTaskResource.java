package dev.taskmill.api;

import dev.taskmill.api.dto.WorkerDtos;
import dev.taskmill.auth.CurrentCaller;
import dev.taskmill.auth.WorkerOnly;
import dev.taskmill.data.DataMetrics;
import dev.taskmill.failure.Conflict;
import dev.taskmill.remote.LeasedInputs;
import dev.taskmill.remote.RemoteAttempts;
import dev.taskmill.remote.RemoteProgress;
import dev.taskmill.remote.RemoteReports;
import dev.taskmill.remote.Report;
import dev.taskmill.remote.StagedOutputs;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The remote worker protocol (docs/worker-protocol.md), one claimed attempt's part: read its
 * inputs, upload its outputs, report progress and the end. Every call names the attempt by its
 * lease token. Under the same tag as {@link WorkerResource}: one protocol to clients.
 */
@Path("/api/v1/workers/tasks/{taskId}")
@Produces(MediaType.APPLICATION_JSON)
@WorkerOnly
@Tag(name = "Workers", description = "The remote worker protocol (worker keys only)")
@APIResponse(responseCode = "400", description = "A malformed id, query parameter or body")
@APIResponse(responseCode = "403", description = "Needs a worker key")
public class WorkerTaskResource {

  /** The header that carries an attempt's lease token on input reads and output uploads. */
  public static final String LEASE_HEADER = "Taskmill-Lease";

  private final CurrentCaller caller;
  private final LeasedInputs inputs;
  private final StagedOutputs uploads;
  private final RemoteProgress progress;
  private final RemoteReports reports;
  private final DataMetrics metrics;

  WorkerTaskResource(
      CurrentCaller caller,
      LeasedInputs inputs,
      StagedOutputs uploads,
      RemoteProgress progress,
      RemoteReports reports,
      DataMetrics metrics) {
    this.caller = caller;
    this.inputs = inputs;
    this.uploads = uploads;
    this.progress = progress;
    this.reports = reports;
    this.metrics = metrics;
  }

  @GET
  @Path("/inputs/{itemId}")
  @Produces(MediaType.WILDCARD)
  @Operation(
      operationId = "getWorkerInput",
      summary = "Download an input of a task this worker holds the lease on",
      description =
          "Send the lease token in the Taskmill-Lease header. Supports Range (one range), so a cut"
              + " download resumes where it stopped.")
  @APIResponse(
      responseCode = "200",
      description = "The content",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_OCTET_STREAM,
              schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(
      responseCode = "206",
      description = "The requested range, with Content-Range",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_OCTET_STREAM,
              schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(responseCode = "404", description = "No such input of a task this worker holds")
  @APIResponse(responseCode = "416", description = "The range lies outside the content")
  public Response getWorkerInput(
      @PathParam("taskId") String taskId,
      @PathParam("itemId") String itemId,
      @HeaderParam(LEASE_HEADER) String token,
      @HeaderParam("Range") String range,
      @HeaderParam("If-Range") String ifRange,
      @Context HttpServerResponse body) {
    return ContentResponse.of(
        inputs.content(keyId(), taskId, token, itemId),
        range,
        null,
        ifRange,
        body,
        metrics::served);
  }

  @PUT
  @Path("/outputs/{port}")
  @Consumes(MediaType.WILDCARD)
  @Operation(
      operationId = "putWorkerOutput",
      summary = "Upload an output file of a task this worker holds (staged until the report)",
      description =
          "The body is the file, streamed (at most taskmill.data.max-upload-size); its"
              + " Content-Type is the output's media type. Uploading a port again replaces it.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_OCTET_STREAM,
              schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(
      responseCode = "200",
      description = "Stored and staged",
      content = @Content(schema = @Schema(implementation = WorkerDtos.Uploaded.class)))
  @APIResponse(responseCode = "404", description = "No such task or port for this lease")
  @APIResponse(responseCode = "409", description = "The lease is lost: drop the task")
  @APIResponse(responseCode = "413", description = "The body is larger than the upload limit")
  public WorkerDtos.Uploaded putWorkerOutput(
      @PathParam("taskId") String taskId,
      @PathParam("port") String port,
      @HeaderParam(LEASE_HEADER) String token,
      @HeaderParam("Content-Type") String contentType,
      InputStream body)
      throws IOException {
    String type =
        contentType == null || contentType.isBlank() || contentType.startsWith("*/")
            ? null
            : contentType.strip();
    RemoteAttempts.Staged staged =
        uploads.stage(
            keyId(),
            taskId,
            token,
            port,
            type,
            body == null ? InputStream.nullInputStream() : body);
    return new WorkerDtos.Uploaded(staged.port(), staged.size(), staged.sha256());
  }

  @POST
  @Path("/progress")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "postWorkerProgress",
      summary = "Report a running attempt's progress and log so far")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(implementation = WorkerDtos.Progress.class)))
  @APIResponse(
      responseCode = "200",
      description = "Recorded",
      content = @Content(schema = @Schema(implementation = WorkerDtos.ProgressAnswer.class)))
  @APIResponse(responseCode = "404", description = "No such task for this lease")
  @APIResponse(responseCode = "409", description = "The lease is lost: drop the task")
  @APIResponse(responseCode = "422", description = "No body")
  public WorkerDtos.ProgressAnswer postWorkerProgress(
      @PathParam("taskId") String taskId, WorkerDtos.Progress body) {
    if (body == null) {
      throw ProblemException.invalid("Send {\"token\": \"...\", \"progress\": 0.5}.");
    }
    progress.progress(keyId(), taskId, body.token(), body.progress(), body.message(), body.log());
    return new WorkerDtos.ProgressAnswer(true);
  }

  @POST
  @Path("/report")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "postWorkerReport",
      summary = "Report how an attempt ended; a success commits its uploads and values",
      description =
          "Repeating the same report (after a network cut) gets the same answer and changes"
              + " nothing more.")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(implementation = WorkerDtos.Report.class)))
  @APIResponse(
      responseCode = "200",
      description = "Settled",
      content = @Content(schema = @Schema(implementation = WorkerDtos.ReportAnswer.class)))
  @APIResponse(responseCode = "404", description = "No such task for this lease")
  @APIResponse(
      responseCode = "409",
      description = "The lease is lost (uploads deleted), or a different report was answered")
  @APIResponse(responseCode = "422", description = "A missing or unknown outcome")
  public WorkerDtos.ReportAnswer postWorkerReport(
      @PathParam("taskId") String taskId, WorkerDtos.Report body) {
    if (body == null) {
      throw ProblemException.invalid("Send {\"token\": \"...\", \"outcome\": \"succeeded\"}.");
    }
    Map<String, Report.OutputValue> values = new LinkedHashMap<>();
    if (body.outputs() != null) {
      body.outputs()
          .forEach(
              (port, v) ->
                  values.put(
                      port, v == null ? null : new Report.OutputValue(v.value(), v.mediaType())));
    }
    RemoteReports.Answer answer =
        reports.report(
            keyId(),
            taskId,
            body.token(),
            new Report(
                body.outcome(),
                body.exitCode(),
                body.message(),
                body.log(),
                body.retryable(),
                values));
    if (answer.status() == 409) {
      throw new Conflict(answer.detail());
    }
    return new WorkerDtos.ReportAnswer(answer.taskStatus(), answer.detail());
  }

  private String keyId() {
    return caller.get().keyId();
  }
}
