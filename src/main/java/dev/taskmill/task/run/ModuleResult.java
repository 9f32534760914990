package dev.taskmill.task.run;

import com.fasterxml.jackson.databind.JsonNode;

/** What a {@link ModuleInvocation} came back with. */
public sealed interface ModuleResult {

  /**
   * The module succeeded: its {@code outputs} object (docs/module-protocol.md), with the files it
   * names in the job's output folder; the runner publishes them.
   */
  record Produced(JsonNode outputs) implements ModuleResult {}

  /** The attempt ended without a result. */
  record Ended(AttemptOutcome outcome) implements ModuleResult {}
}
