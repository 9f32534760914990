package dev.taskmill.paging;

import com.mongodb.client.model.Filters;
import dev.taskmill.failure.MalformedRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bson.conversions.Bson;

/**
 * A listing's id prefix and creation range (each null: any) as one range of {@code _id}. Task and
 * item ids are ObjectIds in lower-case hexadecimal whose first 8 digits are the creation second, so
 * both are a range on the id that every listing index ends with, and no {@code createdAt} index is
 * needed.
 *
 * @param idPrefix the start of the id (lower-case hexadecimal), or a whole id
 * @param from created at or after this instant
 * @param to created at or before this instant (to the second)
 */
public record CreatedRange(String idPrefix, Instant from, Instant to) {

  private static final int ID_LENGTH = 24;
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,24}");

  /** No id and no creation range. */
  public static final CreatedRange ANY = new CreatedRange(null, null, null);

  /**
   * The range a client sent (null or blank: any), or a 400 that names the wrong field: {@code id} a
   * whole id or its start; {@code createdFrom} and {@code createdTo} an instant ({@code
   * 2026-12-07T10:00:00Z}) or a day ({@code 2026-12-07}, from its start or to its end in UTC).
   */
  public static CreatedRange parse(String id, String createdFrom, String createdTo) {
    Instant from = blank(createdFrom) ? null : instant("createdFrom", createdFrom, false);
    Instant to = blank(createdTo) ? null : instant("createdTo", createdTo, true);
    if (from != null && to != null && from.isAfter(to)) {
      throw new MalformedRequest(
          "createdFrom (" + from + ") is after createdTo (" + to + "); swap them.");
    }
    return new CreatedRange(blank(id) ? null : idPrefix(id.strip()), from, to);
  }

  /** Whether a field was given. */
  public static boolean given(String id, String createdFrom, String createdTo) {
    return !blank(id) || !blank(createdFrom) || !blank(createdTo);
  }

  /** The filters on {@code _id} this range makes (none for {@link #ANY}). */
  public List<Bson> filters() {
    String lowest = null;
    String highest = null;
    if (idPrefix != null) {
      lowest = pad(idPrefix, '0');
      highest = pad(idPrefix, 'f');
    }
    if (from != null) {
      lowest = max(lowest, pad(second(from), '0'));
    }
    if (to != null) {
      highest = min(highest, pad(second(to), 'f'));
    }
    List<Bson> filters = new ArrayList<>();
    if (lowest != null) {
      filters.add(Filters.gte("_id", lowest));
    }
    if (highest != null) {
      filters.add(Filters.lte("_id", highest));
    }
    return filters;
  }

  private static String idPrefix(String id) {
    if (!HEX.matcher(id).matches()) {
      throw new MalformedRequest(
          "id '" + id + "' is not an id or its start: ids are 24 hexadecimal digits (0-9, a-f).");
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

  /** The id's first 8 digits at {@code at}: its second since the epoch, clamped to 32 bits. */
  private static String second(Instant at) {
    long seconds = Math.max(0, Math.min(0xffffffffL, at.getEpochSecond()));
    return String.format("%08x", seconds);
  }

  private static String pad(String prefix, char with) {
    StringBuilder id = new StringBuilder(prefix);
    while (id.length() < ID_LENGTH) {
      id.append(with);
    }
    return id.toString();
  }

  private static String max(String a, String b) {
    return a == null || b.compareTo(a) > 0 ? b : a;
  }

  private static String min(String a, String b) {
    return a == null || b.compareTo(a) < 0 ? b : a;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
