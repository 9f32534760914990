package dev.taskmill.api.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.config.ServerPaths;
import dev.taskmill.task.eta.Estimate;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A task as clients see it. */
@Schema(name = "Task")
public record TaskDto(
    @Schema(required = true) String id,
    @Schema(required = true) String module,
    String moduleVersion,
    String label,
    @Schema(description = "Input port → data item id") Map<String, String> inputs,
    @Schema(implementation = Object.class) JsonNode params,
    @Schema(description = "Output port → data item id (created PENDING with the task)")
        Map<String, String> outputs,
    @Schema(required = true) TaskStatus status,
    int priority,
    int attempt,
    int maxAttempts,
    @Schema(
            description =
                "Attempts the infrastructure lost (lease expired, file store unwritable) that were"
                    + " run again without counting against maxAttempts")
        int infrastructureRetries,
    int timeoutSeconds,
    @Schema(description = "Not started before this time (delay or backoff)") Instant notBefore,
    ProgressDto progress,
    ErrorDto error,
    List<AttemptDto> attempts,
    @Schema(description = "Upstream task whose failure failed this one") String failedBecause,
    @Schema(description = "The pipeline that created it, if any") String pipelineId,
    @Schema(description = "The name of the user who cancelled it (CANCELLED by a client only)")
        String cancelledBy,
    @Schema(description = "The name of the user who created it") String owner,
    @Schema(description = "The id of the user who created it (GET /api/v1/users)") String ownerId,
    @Schema(
            description =
                "Capabilities an instance must offer to run it (gpu); it waits QUEUED until one"
                    + " does")
        List<String> needs,
    Instant createdAt,
    Instant queuedAt,
    Instant startedAt,
    Instant finishedAt,
    @Schema(
            description =
                "When the retention sweep deletes it (once finished); absent: kept until deleted")
        Instant expiresAt,
    @Schema(
            description =
                "Whether it was created with reuse: it takes an earlier identical result when one"
                    + " exists")
        boolean reuse,
    @Schema(
            description =
                "The earlier task whose result it took instead of running its module (reuse);"
                    + " its outputs are copies of that task's")
        String reusedFrom,
    @Schema(description = ESTIMATED_START) Instant estimatedStart,
    @Schema(description = ESTIMATED_FINISH) Instant estimatedFinish,
    @Schema(
            description =
                "Why a QUEUED task is held back, when a concurrency cap holds it (e.g. \"module"
                    + " whisper runs 2 of its maxConcurrent 2\"); null otherwise. Worked out when"
                    + " read")
        String waitingReason) {

  /** How a client should read {@code estimatedStart}. */
  public static final String ESTIMATED_START =
      "When a WAITING or QUEUED task is expected to start: from its module's typical run time"
          + " (the median of its latest succeeded runs), the queue ahead of it in claim order, the"
          + " task slots of the running instances and, for a WAITING task, its predecessors'"
          + " estimated finish and its delay. Left out (null) when unknown (its module has no succeeded run"
          + " yet, or an input waits on something no task produces) and for tasks that started or"
          + " ended. An estimate, not a promise.";

  /** How a client should read {@code estimatedFinish}. */
  public static final String ESTIMATED_FINISH =
      "When a WAITING, QUEUED or RUNNING task is expected to finish: its estimated start (a"
          + " RUNNING task's actual start) plus its module's typical run time. Left out (null) when unknown"
          + " (no succeeded run of its module yet) and for finished tasks.";

  /** What the module last reported. */
  @Schema(name = "TaskProgress")
  public record ProgressDto(double fraction, String message) {}

  /** Why the task failed. */
  @Schema(name = "TaskError")
  public record ErrorDto(String message, Integer exitCode, String logTail) {}

  /** One attempt. */
  @Schema(name = "TaskAttempt")
  public record AttemptDto(
      @Schema(
              description =
                  "The counted attempt it was (an attempt not counted leaves the number to the"
                      + " next)")
          int number,
      Instant startedAt,
      Instant finishedAt,
      @Schema(
              description =
                  "SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, LOST (the infrastructure lost it:"
                      + " its instance stopped renewing the lease, or the file store could not be"
                      + " written), HANDED_BACK (its instance shut down) or REUSED (an earlier"
                      + " identical task's result was taken; the module did not run)")
          String outcome,
      Integer exitCode,
      @Schema(description = "What happened; for LOST and HANDED_BACK, why") String message,
      @Schema(
              description =
                  "Whether it counted against maxAttempts: false for LOST and HANDED_BACK, which"
                      + " are not the module's failure")
          boolean counted) {}

  /**
   * The task as clients see it, without estimates; {@code paths} hides server paths in its messages
   * and log.
   */
  public static TaskDto of(Task t, ObjectMapper json, ServerPaths paths) {
    return of(t, json, paths, Estimate.UNKNOWN, null);
  }

  /**
   * The task as clients see it, with its {@code estimate} (see {@code TaskEstimates}) and why it
   * waits QUEUED, if a concurrency cap holds it ({@code waitingReason}, else null).
   */
  public static TaskDto of(
      Task t, ObjectMapper json, ServerPaths paths, Estimate estimate, String waitingReason) {
    return new TaskDto(
        t.id,
        t.module,
        t.moduleVersion,
        t.label,
        t.inputs,
        parse(t.params, json),
        t.outputs,
        t.status,
        t.priority,
        t.attempt,
        t.maxAttempts,
        t.infrastructureRetries,
        t.timeoutSeconds,
        t.notBefore,
        t.progress == null
            ? null
            : new ProgressDto(t.progress.fraction, paths.hide(t.progress.message)),
        t.error == null
            ? null
            : new ErrorDto(
                paths.hide(t.error.message), t.error.exitCode, paths.hide(t.error.logTail)),
        t.attempts == null
            ? List.of()
            : t.attempts.stream()
                .map(
                    a ->
                        new AttemptDto(
                            a.number,
                            a.startedAt,
                            a.finishedAt,
                            a.outcome,
                            a.exitCode,
                            paths.hide(a.message),
                            a.counts()))
                .toList(),
        t.failedBecause,
        t.pipelineId,
        t.cancelledBy,
        t.ownerName != null ? t.ownerName : t.owner,
        t.owner,
        t.needs == null ? List.of() : t.needs,
        t.createdAt,
        t.queuedAt,
        t.startedAt,
        t.finishedAt,
        t.expiresAt,
        t.reuse,
        t.reusedFrom,
        estimate.start(),
        estimate.finish(),
        waitingReason);
  }

  private static JsonNode parse(String text, ObjectMapper json) {
    try {
      return text == null ? null : json.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }
}
