package dev.taskmill.mongo;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The order of index keys: BSON comparison order (null and missing first, then numbers, strings,
 * UUIDs, ObjectIds, booleans, dates), as mongo-java-server sorts, for the value types an index
 * serves ({@link #isOrderable}). Unlike the server's comparator this one is a total order (numbers
 * of mixed types compare exactly), which a sorted set needs. {@link #LOW} and {@link #HIGH} sort
 * before and after every value; range scans use them as open ends.
 */
final class KeyOrder {

  /** Sorts before every value, in every direction. */
  static final Object LOW = new Object();

  /** Sorts after every value, in every direction. */
  static final Object HIGH = new Object();

  /**
   * Sorts after null and missing and before every other value (in ascending order; a descending key
   * reverses it, as for any value): the low end of {@code $ne: null}.
   */
  static final Object ABOVE_NULL = new Object();

  private KeyOrder() {}

  /** Whether values of this type have a place in the order (others make an index unusable). */
  static boolean isOrderable(Object value) {
    return value == null
        || value instanceof Missing
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Double
        || value instanceof String
        || value instanceof UUID
        || value instanceof ObjectId
        || value instanceof Boolean
        || value instanceof Instant;
  }

  /** Compares two index entries' values, {@code ascending} or not; sentinels ignore direction. */
  static int compare(Object a, Object b, boolean ascending) {
    // Fast paths for what most comparisons of an insert meet: every entry of an index is compared
    // field by field until one differs, and the leading fields (status, owner, module, and unset
    // fields: null) are mostly the same value or two strings.
    if (a == b) {
      return 0;
    }
    if (a instanceof String x && b instanceof String y) {
      int cmp = x.compareTo(y);
      return ascending ? cmp : -cmp;
    }
    if (a == LOW || a == HIGH || b == LOW || b == HIGH) {
      return Integer.compare(sentinelRank(a), sentinelRank(b));
    }
    int cmp = compareValues(a, b);
    return ascending ? cmp : -cmp;
  }

  /** Compares two values in ascending order. */
  static int compareAscending(Object a, Object b) {
    return compare(a, b, true);
  }

  /** Compares positions (document ids) the way the server sorts {@code _id}. */
  static int comparePositions(Object a, Object b) {
    if (a == LOW || a == HIGH || b == LOW || b == HIGH) {
      return Integer.compare(sentinelRank(a), sentinelRank(b));
    }
    if (a instanceof String x && b instanceof String y) {
      // What the server's comparator does for two strings, without its type dispatch: ids are
      // strings here, and every insert compares its id with many in each index of the collection.
      return x.compareTo(y);
    }
    return ValueComparator.asc().compare(a, b);
  }

  private static int sentinelRank(Object value) {
    return value == LOW ? -1 : value == HIGH ? 1 : 0;
  }

  private static int compareValues(Object a, Object b) {
    int typeCmp = Integer.compare(typeRank(a), typeRank(b));
    if (typeCmp != 0) {
      return typeCmp;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return compareNumbers(x, y);
    }
    if (a instanceof String x) {
      return x.compareTo((String) b);
    }
    if (a instanceof UUID x) {
      return x.toString().compareTo(b.toString());
    }
    if (a instanceof ObjectId x) {
      return x.compareTo((ObjectId) b);
    }
    if (a instanceof Boolean x) {
      return Boolean.compare(x, (Boolean) b);
    }
    if (a instanceof Instant x) {
      return x.compareTo((Instant) b);
    }
    return 0; // null and missing are one value
  }

  private static int typeRank(Object value) {
    if (value == null || value instanceof Missing) {
      return -1;
    } else if (value == ABOVE_NULL) {
      return 0;
    } else if (value instanceof Number) {
      return 1;
    } else if (value instanceof String) {
      return 2;
    } else if (value instanceof UUID) {
      return 3;
    } else if (value instanceof ObjectId) {
      return 4;
    } else if (value instanceof Boolean) {
      return 5;
    } else if (value instanceof Instant) {
      return 6;
    }
    throw new IllegalArgumentException("not orderable: " + value.getClass());
  }

  private static int compareNumbers(Number a, Number b) {
    boolean integralA = a instanceof Integer || a instanceof Long;
    boolean integralB = b instanceof Integer || b instanceof Long;
    if (integralA && integralB) {
      return Long.compare(a.longValue(), b.longValue());
    }
    // + 0.0 turns -0.0 into 0.0: the server treats them as one value.
    double x = a.doubleValue() + 0.0;
    double y = b.doubleValue() + 0.0;
    if (integralA == integralB || !Double.isFinite(x) || !Double.isFinite(y)) {
      return Double.compare(x, y);
    }
    BigDecimal left = integralA ? BigDecimal.valueOf(a.longValue()) : new BigDecimal(x);
    BigDecimal right = integralB ? BigDecimal.valueOf(b.longValue()) : new BigDecimal(y);
    return left.compareTo(right);
  }
}
