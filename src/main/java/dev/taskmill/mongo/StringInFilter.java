package dev.taskmill.mongo;

import de.bwaldvogel.mongo.bson.Document;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The filter {@code {field: {$in: [strings]}}} answered from a hash set of its strings. The stock
 * matcher compares a document's value with every listed one, so reading back a thousand documents
 * by their ids compared a million pairs. Only a document whose value is a string is decided here (a
 * string equals exactly the equal string and nothing else); any other value (missing, an array, a
 * number) is left to the stock matcher.
 */
final class StringInFilter {

  private final Document query;
  private final String field;
  private final Set<String> values;

  private StringInFilter(Document query, String field, Set<String> values) {
    this.query = query;
    this.field = field;
    this.values = values;
  }

  /** The filter for {@code query} when it has exactly that shape, else null. */
  static StringInFilter of(Document query) {
    if (query == null || query.size() != 1) {
      return null;
    }
    Map.Entry<String, Object> only = query.entrySet().iterator().next();
    String field = only.getKey();
    if (field.startsWith("$")
        || field.indexOf('.') >= 0
        || !(only.getValue() instanceof Document condition)
        || condition.size() != 1
        || !(condition.get("$in") instanceof Collection<?> listed)) {
      return null;
    }
    Set<String> values = new HashSet<>();
    for (Object value : listed) {
      if (!(value instanceof String text)) {
        return null;
      }
      values.add(text);
    }
    return new StringInFilter(query, field, values);
  }

  /** Whether this filter was made from that very query object (the server reuses it per query). */
  boolean isFor(Document query) {
    return this.query == query;
  }

  /** Whether {@code document} matches, or null when the stock matcher has to decide. */
  Boolean matches(Document document) {
    return document.get(field) instanceof String value ? values.contains(value) : null;
  }
}
