package dev.taskmill.mongo;

import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a query filter says about single fields, in the terms an index understands: a set of values
 * (equality, {@code $in}) or a range ({@code $gt}, {@code $gte}, {@code $lt}, {@code $lte}, {@code
 * $ne: null}). Every constraint admits at least the documents the filter admits (a superset; the
 * filter is still applied to each candidate). {@link #exact()} tells when the constraints say all
 * the filter says, so that counting index entries is counting matches.
 */
final class Constraints {

  /**
   * A range of values, both ends included; {@link KeyOrder#LOW} and {@link KeyOrder#HIGH} are open
   * ends (null is a value: the least one).
   */
  record Range(Object low, Object high) {}

  /** The values a field may take ({@code points}) or the range it lies in. */
  record Field(List<Object> points, Range range) {}

  private final Map<String, Field> fields = new HashMap<>();
  private boolean exact = true;

  private Constraints() {}

  static Constraints of(Document filter) {
    Constraints constraints = new Constraints();
    constraints.addAll(filter);
    return constraints;
  }

  Field field(String name) {
    return fields.get(name);
  }

  Set<String> names() {
    return fields.keySet();
  }

  boolean exact() {
    return exact;
  }

  private void addAll(Document filter) {
    for (Map.Entry<String, Object> condition : filter.entrySet()) {
      String key = condition.getKey();
      Object value = condition.getValue();
      if (key.equals("$and") && value instanceof Collection<?> parts) {
        for (Object part : parts) {
          if (part instanceof Document doc) {
            addAll(doc);
          } else {
            exact = false;
          }
        }
      } else if (key.equals("$or") && value instanceof Collection<?> branches) {
        addUnion(branches);
      } else if (key.startsWith("$")) {
        exact = false;
      } else {
        put(key, parse(value));
      }
    }
  }

  private void put(String key, Field field) {
    if (field == null) {
      exact = false;
    } else if (fields.containsKey(key)) {
      exact = false; // keep the first: either one alone admits a superset
    } else {
      fields.put(key, field);
    }
  }

  /**
   * An {@code $or} whose branches all constrain one same field becomes the hull of the branches
   * (for example {@code notBefore: null or <= now} is {@code notBefore <= now}: null sorts first).
   */
  private void addUnion(Collection<?> branches) {
    String name = null;
    List<Field> parts = new ArrayList<>();
    for (Object branch : branches) {
      if (!(branch instanceof Document doc) || doc.size() != 1) {
        exact = false;
        return;
      }
      String key = doc.keySet().iterator().next();
      Field part = key.startsWith("$") ? null : parse(doc.get(key));
      if (part == null || (name != null && !name.equals(key))) {
        exact = false;
        return;
      }
      name = key;
      parts.add(part);
    }
    if (name == null) {
      exact = false;
      return;
    }
    boolean allPoints = parts.stream().allMatch(part -> part.points() != null);
    if (allPoints) {
      List<Object> points = new ArrayList<>();
      parts.forEach(part -> points.addAll(part.points()));
      put(name, new Field(distinct(points), null));
    } else {
      exact = false;
      put(name, new Field(null, hull(parts)));
    }
  }

  private static Range hull(List<Field> parts) {
    Object low = KeyOrder.HIGH;
    Object high = KeyOrder.LOW;
    for (Field part : parts) {
      Object partLow = part.points() != null ? extreme(part.points(), -1) : part.range().low();
      Object partHigh = part.points() != null ? extreme(part.points(), 1) : part.range().high();
      low = KeyOrder.compareAscending(partLow, low) < 0 ? partLow : low;
      high = KeyOrder.compareAscending(partHigh, high) > 0 ? partHigh : high;
    }
    return new Range(low, high);
  }

  /** The least ({@code sign} -1) or greatest (1) of some values, which may include null. */
  private static Object extreme(List<Object> values, int sign) {
    Object best = values.get(0);
    for (Object value : values) {
      if (Integer.signum(KeyOrder.compareAscending(value, best)) == sign) {
        best = value;
      }
    }
    return best;
  }

  /** The constraint one field condition makes, or null when it makes none an index can use. */
  private Field parse(Object condition) {
    if (condition instanceof Document doc && !BsonRegularExpression.isRegularExpression(doc)) {
      if (doc.isEmpty() || !doc.keySet().iterator().next().startsWith("$")) {
        return null; // equality with an embedded document
      }
      return parseOperators(doc);
    }
    return isKey(condition) ? new Field(Collections.singletonList(condition), null) : null;
  }

  private Field parseOperators(Document operators) {
    List<Object> points = null;
    Object low = KeyOrder.LOW;
    Object high = KeyOrder.HIGH;
    boolean belowDate = false;
    for (Map.Entry<String, Object> operator : operators.entrySet()) {
      Object operand = operator.getValue();
      switch (operator.getKey()) {
        case "$eq" -> points = isKey(operand) ? Collections.singletonList(operand) : points;
        case "$in" -> points = inValues(operand, points);
        case "$gt", "$gte" -> {
          if (isBound(operand) && low == KeyOrder.LOW) {
            low = widen(operand, -2);
          }
        }
        case "$ne" -> {
          // Every value but null and missing, which sort first: the index past them.
          if (operand == null && low == KeyOrder.LOW) {
            low = KeyOrder.ABOVE_NULL;
          }
        }
        case "$lt", "$lte" -> {
          if (isBound(operand) && high == KeyOrder.HIGH) {
            high = widen(operand, 2);
            belowDate = operand instanceof Instant;
          }
        }
        default -> {}
      }
    }
    if (belowDate && low == KeyOrder.LOW) {
      // A comparison matches values of its own type only (the server's type bracketing): below a
      // date lie only dates, never the nulls and missing fields that sort first in the index. A
      // WAITING task without a delay is then not read by the due-timer query.
      low = Instant.MIN;
    }
    exact &= points != null && operators.size() == 1;
    if (points != null) {
      return new Field(points, null);
    }
    if (low == KeyOrder.LOW && high == KeyOrder.HIGH) {
      return null;
    }
    return new Field(null, new Range(low, high));
  }

  private List<Object> inValues(Object operand, List<Object> previous) {
    if (previous != null || !(operand instanceof Collection<?> values) || values.isEmpty()) {
      return previous;
    }
    List<Object> points = new ArrayList<>();
    for (Object value : values) {
      if (!isKey(value)) {
        return previous;
      }
      points.add(value);
    }
    return distinct(points);
  }

  /**
   * The values in index order, each once: two equal values ({@code 1} and {@code 1.0}, twice the
   * same) would scan the same entries twice and return their documents twice.
   */
  private static List<Object> distinct(List<Object> values) {
    TreeSet<Object> distinct = new TreeSet<>(KeyOrder::compareAscending);
    distinct.addAll(values);
    return new ArrayList<>(distinct);
  }

  /**
   * The server compares numbers of mixed types loosely (a long and a fraction can come out equal),
   * so a numeric bound is moved outwards; candidates are filtered anyway.
   */
  private static Object widen(Object bound, double by) {
    if (bound instanceof Number number) {
      double value = number.doubleValue();
      return value + Math.copySign(2 + 2 * Math.ulp(value), by);
    }
    return bound;
  }

  private static boolean isKey(Object value) {
    return !(value instanceof Collection) && KeyOrder.isOrderable(value);
  }

  private static boolean isBound(Object value) {
    return value != null && isKey(value);
  }
}
