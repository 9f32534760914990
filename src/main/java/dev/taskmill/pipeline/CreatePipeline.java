package dev.taskmill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Several tasks in one request, wired by step name; created all or nothing. */
@Schema(name = "CreatePipeline")
public record CreatePipeline(
    String label,
    List<Step> steps,
    @Schema(
            description =
                "Time to live of every task of the pipeline (and so of their outputs), as"
                    + " ttlSeconds of POST /api/v1/tasks",
            minimum = "1",
            maximum = "315360000")
        Long ttlSeconds) {

  /** One task of the pipeline. */
  @Schema(name = "PipelineStepRequest")
  public record Step(
      @Schema(description = "Unique within the pipeline", required = true, example = "detect")
          String name,
      @Schema(required = true) String module,
      @Schema(
              description =
                  "Input port → a data item id (string) or another step's output:"
                      + " {\"step\": \"detect\", \"output\": \"faces\"}",
              implementation = Object.class)
          Map<String, JsonNode> inputs,
      @Schema(implementation = Object.class) JsonNode params,
      String label,
      Integer priority,
      Integer maxAttempts,
      Integer timeoutSeconds,
      Integer delaySeconds,
      @Schema(description = "As a task's reuse: take an earlier identical result; default false")
          Boolean reuse) {}
}
