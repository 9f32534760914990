package dev.taskmill.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.taskmill.failure.MalformedRequest;
import dev.taskmill.task.RetryChanges;
import java.io.IOException;

/**
 * Reads the optional body of {@code POST /tasks/{id}/retry}. Read by hand rather than bound: a
 * retry without a body has always been accepted whatever Content-Type the client sent (form clients
 * send one with no body), and a misspelt field must be a 400, not silently ignored.
 */
final class RetryBody {

  private static final String EXAMPLE = "{\"timeoutSeconds\": 600, \"maxAttempts\": 3}";

  private RetryBody() {}

  /** The changes in {@code body}; none for an empty body; a 400 for anything else. */
  static RetryChanges parse(String body, ObjectMapper json) {
    if (body == null || body.isBlank()) {
      return RetryChanges.NONE;
    }
    try {
      RetryChanges changes =
          json.readerFor(RetryChanges.class)
              .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readValue(body);
      return changes == null ? RetryChanges.NONE : changes;
    } catch (UnrecognizedPropertyException e) {
      throw new MalformedRequest(
          "'"
              + e.getPropertyName()
              + "' cannot be changed by a retry; send timeoutSeconds and/or maxAttempts, e.g. "
              + EXAMPLE
              + ".");
    } catch (IOException e) {
      throw new MalformedRequest(
          "The retry's body is not a JSON object of whole numbers such as " + EXAMPLE + ".");
    }
  }
}
