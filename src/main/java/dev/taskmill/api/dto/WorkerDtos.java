package dev.taskmill.api.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.remote.ClaimedTask;
import dev.taskmill.remote.RemoteHeartbeats;
import dev.taskmill.remote.RemoteWorkers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The records of the remote worker protocol (docs/worker-protocol.md), as clients see them. */
public final class WorkerDtos {

  private WorkerDtos() {}

  /** A module a worker has AVAILABLE: set up and self-tested there. */
  @Schema(name = "WorkerModule")
  public record ModuleCopy(
      @Schema(required = true) String name,
      String version,
      @Schema(
              required = true,
              description = "The module's checksum, as GET /api/v1/modules lists it")
          String checksum) {}

  /** What {@code POST /api/v1/workers} takes. */
  @Schema(name = "RegisterWorker")
  public record Register(
      @Schema(
              description = "The id it had: re-registering keeps it (leave out the first time)",
              pattern = "^[A-Za-z0-9._:-]{1,100}$")
          String workerId,
      @Schema(required = true, pattern = "^[A-Za-z0-9._:-]{1,100}$") String host,
      @Schema(description = "The worker's Taskmill version") String version,
      @Schema(description = "Labels it offers, e.g. gpu, edge") List<String> labels,
      @Schema(required = true, minimum = "1", maximum = "1024", description = "Tasks at once")
          Integer capacity,
      @Schema(description = "GPU memory free on its roomiest GPU, in MB") Integer gpuFreeMb,
      @Schema(description = "The modules it has AVAILABLE") List<ModuleCopy> modules) {}

  /** What a worker needs to know after registering. */
  @Schema(name = "WorkerRegistered")
  public record Registered(
      String workerId,
      @Schema(description = "A lease lasts this long from a claim or a heartbeat") int leaseSeconds,
      @Schema(description = "Heartbeat at least this often") int heartbeatSeconds,
      @Schema(description = "The central's own poll interval") int pollSeconds,
      @Schema(description = "The longest waitSeconds a claim honours") int maxWaitSeconds) {
    public static Registered of(RemoteWorkers.Registered r) {
      return new Registered(
          r.workerId(),
          r.leaseSeconds(),
          r.heartbeatSeconds(),
          r.pollSeconds(),
          r.maxWaitSeconds());
    }
  }

  /** One input of a claimed task. */
  @Schema(name = "WorkerTaskInput")
  public record Input(
      String port,
      String itemId,
      String name,
      String contentType,
      Long size,
      String sha256,
      boolean isFile,
      @Schema(description = "The inline text of a non-file item; null for a file to download")
          String content) {}

  /** One declared output of a claimed task. */
  @Schema(name = "WorkerTaskOutput")
  public record Output(
      String port, String itemId, String kind, String mediaType, boolean optional) {}

  /** A task a worker claimed. */
  @Schema(name = "WorkerTask")
  public record Claimed(
      String taskId,
      int attempt,
      @Schema(description = "Send it with every call about this attempt") String leaseToken,
      Instant leaseExpiresAt,
      String module,
      String moduleVersion,
      String moduleChecksum,
      @Schema(implementation = Object.class, description = "The task's parameters") JsonNode params,
      int timeoutSeconds,
      List<Input> inputs,
      List<Output> outputs) {
    public static Claimed of(ClaimedTask t, JsonNode params) {
      return new Claimed(
          t.taskId(),
          t.attempt(),
          t.leaseToken(),
          t.leaseExpiresAt(),
          t.module(),
          t.moduleVersion(),
          t.moduleChecksum(),
          params,
          t.timeoutSeconds(),
          t.inputs().stream()
              .map(
                  i ->
                      new Input(
                          i.port(),
                          i.itemId(),
                          i.name(),
                          i.contentType(),
                          i.size(),
                          i.sha256(),
                          i.isFile(),
                          i.content()))
              .toList(),
          t.outputs().stream()
              .map(o -> new Output(o.port(), o.itemId(), o.kind(), o.mediaType(), o.optional()))
              .toList());
    }
  }

  /** A lease a worker holds. */
  @Schema(name = "WorkerLease")
  public record Lease(
      @Schema(required = true) String taskId, @Schema(required = true) String token) {}

  /** What {@code POST /api/v1/workers/{id}/heartbeat} takes. */
  @Schema(name = "WorkerHeartbeat")
  public record Heartbeat(
      @Schema(description = "Every lease it holds; each one still held is renewed")
          List<Lease> leases,
      Integer freeSlots,
      Integer gpuFreeMb) {}

  /** A task the worker must stop. */
  @Schema(name = "WorkerStop")
  public record Stop(String taskId, String reason) {
    static Stop of(RemoteHeartbeats.Stop s) {
      return new Stop(s.taskId(), s.reason());
    }
  }

  /** The answer to a heartbeat. */
  @Schema(name = "WorkerHeartbeatAnswer")
  public record HeartbeatAnswer(
      @Schema(description = "Stop these tasks, delete their work and do not report them")
          List<Stop> stop,
      int leaseSeconds) {
    public static HeartbeatAnswer of(List<RemoteHeartbeats.Stop> stops, int leaseSeconds) {
      return new HeartbeatAnswer(stops.stream().map(Stop::of).toList(), leaseSeconds);
    }
  }

  /** An output file received and staged. */
  @Schema(name = "WorkerUpload")
  public record Uploaded(String port, long size, String sha256) {}

  /** What {@code POST .../progress} takes. */
  @Schema(name = "WorkerProgress")
  public record Progress(
      @Schema(required = true) String token,
      @Schema(minimum = "0", maximum = "1") Double progress,
      String message,
      @Schema(description = "The attempt's log so far (its tail is kept)") String log) {}

  /** The answer to a progress report. */
  @Schema(name = "WorkerProgressAnswer")
  public record ProgressAnswer(@Schema(description = "Always true: recorded") boolean recorded) {}

  /** An output given inline in a report. */
  @Schema(name = "WorkerOutputValue")
  public record OutputValue(
      @Schema(implementation = Object.class, description = "Text or any JSON value") JsonNode value,
      String mediaType) {}

  /** What {@code POST .../report} takes. */
  @Schema(name = "WorkerReport")
  public record Report(
      @Schema(required = true) String token,
      @Schema(
              required = true,
              type = SchemaType.STRING,
              enumeration = {"succeeded", "failed", "timed_out", "lost", "handed_back"})
          String outcome,
      Integer exitCode,
      String message,
      String log,
      @Schema(description = "For failed: false when another attempt cannot help") Boolean retryable,
      @Schema(description = "Outputs given as values, by port; files are uploaded before")
          Map<String, OutputValue> outputs) {}

  /** The answer to a report. */
  @Schema(name = "WorkerReportAnswer")
  public record ReportAnswer(String taskStatus, String detail) {}
}
