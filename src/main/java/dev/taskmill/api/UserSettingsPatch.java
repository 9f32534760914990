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

/** Reads a {@code PATCH /api/v1/users/{id}} body into a change of the user's settings, or 422. */
final class UserSettingsPatch {

  private UserSettingsPatch() {}

  static UserSettings.Change parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ProblemException.invalid(
          "Send a JSON object such as {\"storageQuotaBytes\": 1073741824, \"defaultTtlSeconds\":"
              + " 86400}; null removes a setting.");
    }
    Map<String, Long> set = new LinkedHashMap<>();
    List<String> cleared = new ArrayList<>();
    List<Problem.FieldError> errors = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      JsonNode value = body.get(name);
      if (!name.equals(UserSettings.QUOTA) && !name.equals(UserSettings.DEFAULT_TTL)) {
        errors.add(
            new Problem.FieldError(
                name, "is not a user setting (storageQuotaBytes, defaultTtlSeconds)"));
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
    return new UserSettings.Change(set, cleared);
  }
}
