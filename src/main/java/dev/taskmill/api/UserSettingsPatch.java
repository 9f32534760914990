package dev.taskmill.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.auth.UserSettings;
import dev.taskmill.data.Expiry;
import dev.taskmill.failure.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code PATCH /api/v1/users/{id}} body into what changes: the storage settings and the
 * concurrency cap, or a 422 naming every field that is wrong. Nothing changes unless all are right.
 */
final class UserSettingsPatch {

  /** The most of a user's tasks an admin may let run at once. */
  static final int MAX_CAP = 10_000;

  static final String MAX_CONCURRENT_TASKS = "maxConcurrentTasks";

  private static final String FIELDS =
      UserSettings.QUOTA + ", " + UserSettings.DEFAULT_TTL + ", " + MAX_CONCURRENT_TASKS;

  /** The change: storage {@code settings}, and the cap when {@code capGiven} (null removes it). */
  record Patch(UserSettings.Change settings, boolean capGiven, Integer maxConcurrentTasks) {}

  private UserSettingsPatch() {}

  static Patch parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ProblemException.invalid(
          "Send a JSON object such as {\"storageQuotaBytes\": 1073741824, \"defaultTtlSeconds\":"
              + " 86400, \"maxConcurrentTasks\": 2}; null removes a setting.");
    }
    boolean capGiven = false;
    Integer cap = null;
    Map<String, Long> set = new LinkedHashMap<>();
    List<String> cleared = new ArrayList<>();
    List<Problem.FieldError> errors = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      JsonNode value = body.get(name);
      if (name.equals(MAX_CONCURRENT_TASKS)) {
        capGiven = true;
        if (value.isNull()) {
          cap = null;
        } else if (value.isIntegralNumber()
            && value.canConvertToInt()
            && value.intValue() >= 1
            && value.intValue() <= MAX_CAP) {
          cap = value.intValue();
        } else {
          errors.add(
              new Problem.FieldError(
                  name, "must be a whole number from 1 to " + MAX_CAP + ", or null for no cap"));
        }
      } else if (!name.equals(UserSettings.QUOTA) && !name.equals(UserSettings.DEFAULT_TTL)) {
        errors.add(new Problem.FieldError(name, "is not a user setting (" + FIELDS + ")"));
      } else if (value.isNull()) {
        cleared.add(name);
      } else if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        errors.add(new Problem.FieldError(name, "must be a whole number, or null to remove it"));
      } else if (name.equals(UserSettings.QUOTA) && value.longValue() < 0) {
        errors.add(new Problem.FieldError(name, "must be 0 or more bytes"));
      } else {
        FieldError ttl =
            name.equals(UserSettings.DEFAULT_TTL) ? Expiry.check(name, value.longValue()) : null;
        if (ttl != null) {
          errors.add(new Problem.FieldError(ttl.field(), ttl.message()));
        } else {
          set.put(name, value.longValue());
        }
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    return new Patch(new UserSettings.Change(set, cleared), capGiven, cap);
  }
}
