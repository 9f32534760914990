package dev.taskmill.mongo;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Chooses how a query reads a collection: by id (the unique {@code _id} index), through one {@link
 * OrderedIndex}, or (null) by scanning every document as the stock server does.
 *
 * <p>An ordered index serves a filter with equality or {@code $in} on a prefix of its keys and
 * optionally a range on the next key. It serves the sort when, after dropping sort fields that the
 * filter fixes to one value, the sort is a prefix of the index's remaining keys (then {@code _id}
 * ascending) or of their exact reverse, and the equality prefix is one value each. Among several
 * indexes it picks the one matching most equality keys, then one that serves the sort (when there
 * is a sort or a limit), then one with a range, then the smallest.
 */
final class QueryPlanner {

  /** Most equality prefixes ({@code $in} combinations) one scan expands into. */
  static final int MAX_PREFIXES = 512;

  private QueryPlanner() {}

  /** The plan for {@code filter} sorted by {@code orderBy} (null: any order), or null to scan. */
  static IndexPlan plan(List<Index<Object>> indexes, Document filter, Document orderBy, int limit) {
    List<Map.Entry<String, Object>> sort = sortOf(orderBy);
    if (sort == null || filter == null) {
      return null;
    }
    Constraints constraints = Constraints.of(filter);
    Constraints.Field id = constraints.field(OrderedIndex.ID);
    if (id != null && id.points() != null && id.points().size() <= MAX_PREFIXES) {
      for (Index<Object> index : indexes) {
        if (index.isUnique() && index.getKeys().size() == 1 && isId(index.getKeys().get(0))) {
          return IndexPlan.byId(index, id.points());
        }
      }
    }
    IndexPlan best = null;
    int[] bestScore = null;
    for (Index<Object> index : indexes) {
      if (index instanceof OrderedIndex ordered && ordered.usable()) {
        IndexPlan candidate = planFor(ordered, constraints, sort);
        if (candidate == null) {
          continue;
        }
        boolean orderMatters = !sort.isEmpty() || limit > 0;
        int[] score = {
          candidate.equalityKeys(),
          orderMatters && candidate.sorted() ? 1 : 0,
          candidate.range() != null ? 1 : 0,
          candidate.sorted() ? 1 : 0,
          -ordered.getKeys().size()
        };
        if (bestScore == null || compare(score, bestScore) > 0) {
          best = candidate;
          bestScore = score;
        }
      }
    }
    return best;
  }

  private static IndexPlan planFor(
      OrderedIndex index, Constraints constraints, List<Map.Entry<String, Object>> sort) {
    List<IndexKey> keys = index.getKeys();
    List<Object[]> prefixes = new ArrayList<>();
    prefixes.add(new Object[0]);
    int equalityKeys = 0;
    while (equalityKeys < keys.size()) {
      Constraints.Field field = constraints.field(keys.get(equalityKeys).getKey());
      if (field == null
          || field.points() == null
          || prefixes.size() * field.points().size() > MAX_PREFIXES) {
        break;
      }
      prefixes = extend(prefixes, field.points());
      equalityKeys++;
    }
    if (index.sparse() && (equalityKeys == 0 || prefixes.stream().anyMatch(p -> p[0] == null))) {
      // A document without the field has no entry: only an equality on a value (not null) of the
      // first key excludes every such document from the answer.
      return null;
    }
    Constraints.Range range = null;
    if (equalityKeys < keys.size()) {
      Constraints.Field next = constraints.field(keys.get(equalityKeys).getKey());
      range = next != null ? next.range() : null;
    }
    int[] served = prefixes.size() == 1 ? servesSort(keys, equalityKeys, constraints, sort) : null;
    Boolean reverse = served == null ? null : served[0] == 1;
    if (equalityKeys == 0 && range == null && (reverse == null || sort.isEmpty())) {
      return null; // reads every entry and gains nothing over a scan
    }
    // Equal values were merged (Constraints), so the prefixes' ranges are disjoint and add up.
    boolean countable =
        constraints.exact() && range == null && usesEveryField(keys, equalityKeys, constraints);
    // Ties under the sort come in id order, as from the stock server's stable sort; only a sort
    // that ends in _id has none.
    int remainingKeys = keys.size() - equalityKeys;
    int tieKeys = served == null || served[1] > remainingKeys ? -1 : equalityKeys + served[1];
    return IndexPlan.ordered(index, prefixes, range, reverse, tieKeys, equalityKeys, countable);
  }

  private static List<Object[]> extend(List<Object[]> prefixes, List<Object> values) {
    List<Object[]> extended = new ArrayList<>(prefixes.size() * values.size());
    for (Object[] prefix : prefixes) {
      for (Object value : values) {
        Object[] longer = Arrays.copyOf(prefix, prefix.length + 1);
        longer[prefix.length] = value;
        extended.add(longer);
      }
    }
    return extended;
  }

  /**
   * Whether scanning the index (after its equality prefix) yields the requested order: {@code {0,
   * n}} forwards, {@code {1, n}} backwards, where n sort fields remain after those the filter
   * fixes; null when the scan does not give the order.
   */
  private static int[] servesSort(
      List<IndexKey> keys,
      int equalityKeys,
      Constraints constraints,
      List<Map.Entry<String, Object>> sort) {
    List<Map.Entry<String, Object>> remaining = new ArrayList<>();
    for (Map.Entry<String, Object> entry : sort) {
      Constraints.Field field = constraints.field(entry.getKey());
      if (field == null || field.points() == null || field.points().size() != 1) {
        remaining.add(entry);
      }
    }
    List<String> names = new ArrayList<>();
    List<Boolean> ascending = new ArrayList<>();
    for (int i = equalityKeys; i < keys.size(); i++) {
      names.add(keys.get(i).getKey());
      ascending.add(keys.get(i).isAscending());
    }
    names.add(OrderedIndex.ID);
    ascending.add(true);
    if (remaining.size() > names.size()) {
      return null;
    }
    boolean forward = true;
    boolean backward = true;
    for (int i = 0; i < remaining.size(); i++) {
      boolean asc = ((Number) remaining.get(i).getValue()).intValue() > 0;
      boolean sameField = remaining.get(i).getKey().equals(names.get(i));
      forward &= sameField && asc == ascending.get(i);
      backward &= sameField && asc != ascending.get(i);
    }
    if (forward) {
      return new int[] {0, remaining.size()};
    }
    return backward ? new int[] {1, remaining.size()} : null;
  }

  private static boolean usesEveryField(
      List<IndexKey> keys, int equalityKeys, Constraints constraints) {
    for (String name : constraints.names()) {
      boolean used = false;
      for (int i = 0; i < equalityKeys; i++) {
        used |= keys.get(i).getKey().equals(name);
      }
      if (!used) {
        return false;
      }
    }
    return true;
  }

  /** The sort as (field, direction) pairs; empty for none; null when not servable ($natural). */
  private static List<Map.Entry<String, Object>> sortOf(Document orderBy) {
    List<Map.Entry<String, Object>> sort = new ArrayList<>();
    if (orderBy == null) {
      return sort;
    }
    for (Map.Entry<String, Object> entry : orderBy.entrySet()) {
      if (entry.getKey().startsWith("$") || !(entry.getValue() instanceof Number)) {
        return null;
      }
      sort.add(entry);
    }
    return sort;
  }

  private static boolean isId(IndexKey key) {
    return key.getKey().equals(OrderedIndex.ID);
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return 0;
  }
}
