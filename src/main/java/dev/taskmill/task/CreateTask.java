package dev.taskmill.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a client asks for when it creates a task. */
@Schema(name = "CreateTask")
public record CreateTask(
    @Schema(description = "Name of an AVAILABLE module", required = true, example = "text-stats")
        String module,
    @Schema(description = "Input port → data item id (AVAILABLE, or PENDING output of a task)")
        Map<String, String> inputs,
    @Schema(
            description = "Params, checked against the module's JSON Schema",
            implementation = Object.class)
        JsonNode params,
    @Schema(description = "A name for the task; outputs are labelled after it") String label,
    @Schema(description = "Higher runs first; default 0") Integer priority,
    @Schema(description = "Attempts before it FAILS, 1..10; default 1") Integer maxAttempts,
    @Schema(description = "Kill the module after this long, 1..604800; default the module's")
        Integer timeoutSeconds,
    @Schema(description = "Do not start before this many seconds from now") Integer delaySeconds,
    @Schema(
            description =
                "Delete the task (once finished) and its outputs (once no unfinished task reads"
                    + " them) this many seconds after creation, 1..315360000 (10 years); default"
                    + " the owner's default TTL, else kept until deleted",
            minimum = "1",
            maximum = "315360000")
        Long ttlSeconds,
    @Schema(
            description =
                "Take the result of an earlier SUCCEEDED reuse task of yours with the same module"
                    + " (version and checksum), params and input contents, whose outputs still"
                    + " exist, instead of running the module; its outputs become copies of that"
                    + " task's and reusedFrom names it. Not for a module that declares itself"
                    + " non-reusable (it runs). Default false")
        Boolean reuse) {

  /** Whether the client asked for reuse. */
  public boolean reuseAsked() {
    return Boolean.TRUE.equals(reuse);
  }
}
