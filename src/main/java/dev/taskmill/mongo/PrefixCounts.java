package dev.taskmill.mongo;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * How many index entries share each distinct prefix of one length: kept up to date by the index on
 * every write, so a count by equality on those keys is one map lookup. Gives up (then {@link
 * #overflowed()}) when a length has more distinct prefixes than {@link #LIMIT}: a prefix that
 * reaches the id, or a date, would keep one counter per document.
 */
final class PrefixCounts {

  /** Most distinct prefixes kept; far more than statuses, owners and modules produce. */
  static final int LIMIT = 10_000;

  private final int length;

  /**
   * Prefixes compared as the index compares values (1 and 1.0 are one; so are null and missing).
   */
  private final TreeMap<Object[], long[]> counts = new TreeMap<>(PrefixCounts::compare);

  private boolean overflowed;

  private PrefixCounts(int length) {
    this.length = length;
  }

  /** The counts of prefixes of {@code length} keys over {@code entries}, read once. */
  static PrefixCounts of(int length, Iterable<OrderedIndex.Entry> entries) {
    PrefixCounts counts = new PrefixCounts(length);
    for (OrderedIndex.Entry entry : entries) {
      counts.add(entry.values(), 1);
      if (counts.overflowed) {
        break;
      }
    }
    return counts;
  }

  boolean overflowed() {
    return overflowed;
  }

  /** The entries starting with {@code prefix} ({@code length} values). */
  long get(Object[] prefix) {
    long[] count = counts.get(prefix);
    return count == null ? 0 : count[0];
  }

  /** One entry with these key values came ({@code change} 1) or went (-1). */
  void add(Object[] values, int change) {
    if (overflowed) {
      return;
    }
    Object[] prefix = Arrays.copyOf(values, length);
    long[] count = counts.get(prefix);
    if (count == null) {
      if (counts.size() >= LIMIT) {
        overflowed = true;
        counts.clear();
        return;
      }
      count = new long[1];
      counts.put(prefix, count);
    }
    count[0] += change;
    if (count[0] <= 0) {
      counts.remove(prefix);
    }
  }

  private static int compare(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      int cmp = KeyOrder.compareAscending(a[i], b[i]);
      if (cmp != 0) {
        return cmp;
      }
    }
    return 0;
  }
}
