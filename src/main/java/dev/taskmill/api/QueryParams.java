package dev.taskmill.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads query parameters with 400 problems that name the parameter and what it allows. */
final class QueryParams {

  private QueryParams() {}

  static int integer(String name, String value, int fallback, int min, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Answered below, like an out-of-range number.
    }
    String allowed = max == Integer.MAX_VALUE ? min + " or more" : min + " to " + max;
    throw ProblemException.badRequest(
        "Query parameter '"
            + name
            + "' must be a whole number from "
            + allowed
            + ", not '"
            + value
            + "'.");
  }

  static <E extends Enum<E>> E enumeration(String name, String value, Class<E> type) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String allowed =
          Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
      throw ProblemException.badRequest(
          "Query parameter '" + name + "' must be one of " + allowed + ", not '" + value + "'.");
    }
  }
}
