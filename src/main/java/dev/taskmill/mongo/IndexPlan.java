package dev.taskmill.mongo;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * How one query reads a collection: the positions to load, in index order when {@link #sorted()},
 * and, when {@link #countable()}, the number of matches without loading any document.
 */
final class IndexPlan {

  private final Index<Object> index;
  private final List<Object> ids;
  private final List<Object[]> prefixes;
  private final Constraints.Range range;
  private final Boolean reverse;
  private final int tieKeys;
  private final int equalityKeys;
  private final boolean countable;

  private IndexPlan(
      Index<Object> index,
      List<Object> ids,
      List<Object[]> prefixes,
      Constraints.Range range,
      Boolean reverse,
      int tieKeys,
      int equalityKeys,
      boolean countable) {
    this.index = index;
    this.ids = ids;
    this.prefixes = prefixes;
    this.range = range;
    this.reverse = reverse;
    this.tieKeys = tieKeys;
    this.equalityKeys = equalityKeys;
    this.countable = countable;
  }

  /** Look the documents up by id in the unique {@code _id} index. */
  static IndexPlan byId(Index<Object> idIndex, List<Object> ids) {
    return new IndexPlan(idIndex, ids, null, null, null, -1, 0, false);
  }

  /**
   * Scan an ordered index; {@code reverse} null when the scan does not give the sort order. Entries
   * equal in their first {@code tieKeys} values (-1: none) are ties under the sort and come in id
   * order.
   */
  static IndexPlan ordered(
      OrderedIndex index,
      List<Object[]> prefixes,
      Constraints.Range range,
      Boolean reverse,
      int tieKeys,
      int equalityKeys,
      boolean countable) {
    return new IndexPlan(index, null, prefixes, range, reverse, tieKeys, equalityKeys, countable);
  }

  /** Whether positions come in the requested order, so no sort is needed. */
  boolean sorted() {
    return reverse != null;
  }

  int equalityKeys() {
    return equalityKeys;
  }

  Constraints.Range range() {
    return range;
  }

  /** Whether the index entries alone count the matches (equality on index keys only). */
  boolean countable() {
    return countable;
  }

  /** The name of the index used, for tests and explanations. */
  String indexName() {
    return index.getName();
  }

  /** The candidate positions; each still has to match the filter. */
  Iterator<Object> positions() {
    if (ids != null) {
      Document query = new Document(OrderedIndex.ID, new Document("$in", ids));
      return index.getPositions(query).iterator();
    }
    OrderedIndex ordered = (OrderedIndex) index;
    boolean backwards = Boolean.TRUE.equals(reverse);
    Iterator<Object[]> prefix = prefixes.iterator();
    return new Iterator<>() {
      private Iterator<OrderedIndex.Entry> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && prefix.hasNext()) {
          Object[] values = prefix.next();
          current = ordered.scan(probe(values, true), probe(values, false), backwards);
          if (tieKeys >= 0) {
            current = new TiesInIdOrder(current, tieKeys);
          }
        }
        return current.hasNext();
      }

      @Override
      public Object next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next().position();
      }
    };
  }

  /** The number of matching documents; only when {@link #countable()}. */
  long count() {
    OrderedIndex ordered = (OrderedIndex) index;
    long total = 0;
    for (Object[] values : prefixes) {
      total +=
          range == null
              ? ordered.countPrefix(values)
              : ordered.count(probe(values, true), probe(values, false));
    }
    return total;
  }

  /**
   * The first ({@code low}) or last entry a scan covers: the equality values, then the range on the
   * next key, then open ends. A descending key stores high values first, so its range flips.
   */
  private OrderedIndex.Entry probe(Object[] prefix, boolean low) {
    OrderedIndex ordered = (OrderedIndex) index;
    int size = ordered.getKeys().size();
    Object open = low ? KeyOrder.LOW : KeyOrder.HIGH;
    Object[] values = Arrays.copyOf(prefix, size);
    Arrays.fill(values, prefix.length, size, open);
    if (range != null && prefix.length < size) {
      boolean ascending = ordered.isAscending(prefix.length);
      Object bound = low == ascending ? range.low() : range.high();
      values[prefix.length] = bound == KeyOrder.LOW || bound == KeyOrder.HIGH ? open : bound;
    }
    return new OrderedIndex.Entry(values, open);
  }
}
