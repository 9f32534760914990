package dev.taskmill.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.failure.Invalid;
import dev.taskmill.store.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a remote attempt ended, as its worker reports it.
 *
 * @param outcome succeeded, failed, timed_out, lost (the worker's own trouble: not counted) or
 *     handed_back (the worker shuts down: not counted, queued again at once)
 * @param retryable for failed: false when another attempt cannot help (default true)
 * @param outputs for succeeded, the outputs given as values (port → {value, mediaType}); file
 *     outputs are uploaded before the report
 */
public record Report(
    String outcome,
    Integer exitCode,
    String message,
    String log,
    Boolean retryable,
    Map<String, OutputValue> outputs) {

  /** An output given inline: its value (text or JSON) and media type. */
  public record OutputValue(JsonNode value, String mediaType) {}

  /** The outcomes a worker may report. */
  enum Kind {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    LOST,
    HANDED_BACK
  }

  Kind kind() {
    if (outcome == null) {
      throw Invalid.field("outcome", "required: succeeded, failed, timed_out, lost or handed_back");
    }
    try {
      return Kind.valueOf(outcome.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Invalid.field(
          "outcome",
          "'" + outcome + "' is not one of succeeded, failed, timed_out, lost, handed_back");
    }
  }

  /** Names this report's content: a repeat of the same report has the same fingerprint. */
  String fingerprint() {
    StringBuilder text = new StringBuilder();
    text.append(outcome).append('\n').append(exitCode).append('\n').append(message).append('\n');
    text.append(log == null ? "" : Sha256.of(log.getBytes(StandardCharsets.UTF_8))).append('\n');
    text.append(retryable).append('\n');
    new TreeMap<>(outputs == null ? Map.<String, OutputValue>of() : outputs)
        .forEach(
            (port, v) ->
                text.append(port)
                    .append('=')
                    .append(v == null ? null : v.value())
                    .append(';')
                    .append(v == null ? null : v.mediaType())
                    .append('\n'));
    return Sha256.of(text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
