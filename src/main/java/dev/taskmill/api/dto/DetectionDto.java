package dev.taskmill.api.dto;

import dev.taskmill.module.DetectionDecision;
import dev.taskmill.module.DetectionRun;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A detection pass. */
@Schema(name = "Detection")
public record DetectionDto(
    String id,
    @Schema(description = "RUNNING or FINISHED") String state,
    Instant startedAt,
    Instant finishedAt,
    @Schema(description = "How many modules got each decision")
        Map<DetectionDecision, Integer> counts,
    @Schema(description = "Why the pass itself failed, if it did") String error) {

  public static DetectionDto of(DetectionRun run) {
    return new DetectionDto(
        run.id(),
        run.running() ? "RUNNING" : "FINISHED",
        run.startedAt(),
        run.finishedAt(),
        run.counts(),
        run.error());
  }
}
