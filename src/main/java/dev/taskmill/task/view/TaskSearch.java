package dev.taskmill.task.view;

import dev.taskmill.auth.Caller;
import dev.taskmill.failure.MalformedRequest;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.store.TaskFilter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a client searches tasks by, as it sent it (null or blank means any): the task list and the
 * bulk actions read the same fields, and {@link #filter} turns them into one {@link TaskFilter} or
 * a 400 that says which field is wrong.
 *
 * @param id a task id, or its start (hexadecimal)
 * @param createdFrom an instant ({@code 2026-12-07T10:00:00Z}) or a day ({@code 2026-12-07}, from
 *     its start in UTC)
 * @param createdTo an instant, or a day (to its end in UTC)
 */
public record TaskSearch(
    String status,
    String module,
    String label,
    String pipeline,
    String id,
    String createdFrom,
    String createdTo) {

  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,24}");

  /** A search on the listing's first four fields only. */
  public static TaskSearch of(String status, String module, String label, String pipeline) {
    return new TaskSearch(status, module, label, pipeline, null, null, null);
  }

  /** Whether any field is given. */
  public boolean any() {
    return !blank(status)
        || !blank(module)
        || !blank(label)
        || !blank(pipeline)
        || !blank(id)
        || !blank(createdFrom)
        || !blank(createdTo);
  }

  /** The filter of this search and of what {@code caller} may see. */
  public TaskFilter filter(Caller caller) {
    Instant from = blank(createdFrom) ? null : instant("createdFrom", createdFrom, false);
    Instant to = blank(createdTo) ? null : instant("createdTo", createdTo, true);
    if (from != null && to != null && from.isAfter(to)) {
      throw new MalformedRequest(
          "createdFrom (" + from + ") is after createdTo (" + to + "); swap them.");
    }
    return new TaskFilter(
        blank(status) ? null : parseStatus(status),
        blank(module) ? null : module,
        blank(label) ? null : label,
        caller.ownerFilter(),
        blank(pipeline) ? null : pipeline,
        blank(id) ? null : idPrefix(id.strip()),
        from,
        to);
  }

  private static String idPrefix(String id) {
    if (!HEX.matcher(id).matches()) {
      throw new MalformedRequest(
          "id '"
              + id
              + "' is not a task id or its start: task ids are 24 hexadecimal digits (0-9, a-f).");
    }
    return id.toLowerCase(Locale.ROOT);
  }

  private static Instant instant(String field, String value, boolean endOfDay) {
    String text = value.strip();
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        return endOfDay
            ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1)
            : day.atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new MalformedRequest(
          field
              + " '"
              + value
              + "' is not a date (2026-12-07) or an instant in UTC (2026-12-07T10:00:00Z).");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static TaskStatus parseStatus(String status) {
    try {
      return TaskStatus.valueOf(status.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MalformedRequest(
          "status '" + status + "' is not one of " + Arrays.toString(TaskStatus.values()) + ".");
    }
  }
}
