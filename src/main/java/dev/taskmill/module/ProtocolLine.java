package dev.taskmill.module;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One stdout line of a module, as the process protocol reads it ({@code docs/module-protocol.md}).
 * Read by {@link ModuleProtocol#read(String)}, the one parser of the protocol's messages.
 */
public sealed interface ProtocolLine {

  /** A line that is not a JSON object: the module's log text, not an error. */
  record Text(String line) implements ProtocolLine {}

  /** {@code {"type":"progress","fraction":0.4,"message":"resizing"}}. */
  record Progress(double fraction, String message) implements ProtocolLine {}

  /** {@code {"type":"log","level":"INFO","message":"..."}}. */
  record Log(String level, String message) implements ProtocolLine {}

  /** {@code {"type":"manifest",...}}, printed by {@code describe}. */
  record Manifest(JsonNode manifest) implements ProtocolLine {}

  /** {@code {"type":"result","ok":...}}, the last line of every command. */
  record Result(JsonNode result) implements ProtocolLine {

    /** Whether the module says it succeeded. */
    public boolean ok() {
      return result.path("ok").asBoolean(false);
    }

    /** The module's own error sentence, or null. */
    public String error() {
      return result.hasNonNull("error") ? result.get("error").asText() : null;
    }

    /** The {@code outputs} object, or null when the result has none. */
    public JsonNode outputs() {
      return result.get("outputs");
    }
  }

  /**
   * {@code {"type":"loaded","ok":true,"pid":123,"seconds":0.4}}: a {@code serve} worker ran its
   * module's {@code load()} and waits for jobs (protocol 2), or says why it could not.
   */
  record Loaded(JsonNode loaded) implements ProtocolLine {

    /** Whether load() succeeded. */
    public boolean ok() {
      return loaded.path("ok").asBoolean(false);
    }

    /** The module's own error sentence, or null. */
    public String error() {
      return loaded.hasNonNull("error") ? loaded.get("error").asText() : null;
    }
  }

  /**
   * A message of a {@code serve} worker's job: {@code line} tagged with the {@code "job"} id the
   * service gave the request (protocol 2).
   */
  record ForJob(String job, ProtocolLine line) implements ProtocolLine {}

  /** A JSON object of a type this reader does not know: kept as log text. */
  record Other(String line) implements ProtocolLine {}
}
