package dev.taskmill.task;

import static com.mongodb.client.model.Updates.set;

import dev.taskmill.failure.FieldError;
import dev.taskmill.failure.Invalid;
import java.util.ArrayList;
import java.util.List;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a retry may change, each field optional: the rest of the task runs as it was created.
 *
 * @param timeoutSeconds the new timeout of each attempt
 * @param maxAttempts the new number of attempts before it fails
 */
@Schema(name = "RetryChanges")
public record RetryChanges(
    @Schema(description = "New seconds per attempt, 1..604800; unchanged if absent")
        Integer timeoutSeconds,
    @Schema(description = "New attempts before it fails, 1..10; unchanged if absent")
        Integer maxAttempts) {

  /** A retry that changes nothing. */
  public static final RetryChanges NONE = new RetryChanges(null, null);

  /** A 422 naming each field out of range (the same ranges as a new task's). */
  void check() {
    List<FieldError> errors = new ArrayList<>();
    if (timeoutSeconds != null
        && (timeoutSeconds < 1 || timeoutSeconds > TaskValidator.MAX_TIMEOUT)) {
      errors.add(
          new FieldError("timeoutSeconds", "must be between 1 and " + TaskValidator.MAX_TIMEOUT));
    }
    if (maxAttempts != null && (maxAttempts < 1 || maxAttempts > TaskValidator.MAX_ATTEMPTS)) {
      errors.add(
          new FieldError("maxAttempts", "must be between 1 and " + TaskValidator.MAX_ATTEMPTS));
    }
    if (!errors.isEmpty()) {
      throw new Invalid(errors);
    }
  }

  /** The updates that write the given fields. */
  List<Bson> updates() {
    List<Bson> updates = new ArrayList<>();
    if (timeoutSeconds != null) {
      updates.add(set("timeoutSeconds", timeoutSeconds));
    }
    if (maxAttempts != null) {
      updates.add(set("maxAttempts", maxAttempts));
    }
    return updates;
  }
}
