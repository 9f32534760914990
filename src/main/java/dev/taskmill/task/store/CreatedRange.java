package dev.taskmill.task.store;

import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.conversions.Bson;

/**
 * A listing's id prefix and creation range as one range of {@code _id}: task ids are ObjectIds in
 * lower-case hexadecimal whose first 8 digits are the creation second, so both are a range on the
 * id that every listing index ends with, and no {@code createdAt} index is needed.
 */
final class CreatedRange {

  private static final int ID_LENGTH = 24;

  private CreatedRange() {}

  /**
   * The filters on {@code _id} that {@code filter}'s id prefix and creation range make (or none).
   */
  static List<Bson> of(TaskFilter filter) {
    String lowest = null;
    String highest = null;
    if (filter.idPrefix() != null) {
      lowest = pad(filter.idPrefix(), '0');
      highest = pad(filter.idPrefix(), 'f');
    }
    if (filter.createdFrom() != null) {
      lowest = max(lowest, pad(second(filter.createdFrom()), '0'));
    }
    if (filter.createdTo() != null) {
      highest = min(highest, pad(second(filter.createdTo()), 'f'));
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
}
