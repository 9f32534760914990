package dev.taskmill.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * A non-unique, compound, ordered secondary index kept in memory: one entry per document, sorted by
 * the index keys in {@link KeyOrder} (each key ascending or descending as declared) and then by the
 * document id. The collection maintains it on every insert, update and delete; it is rebuilt from
 * the documents when the collection opens (only its definition is stored, in {@code
 * system.indexes}).
 *
 * <p>Entries are built on first use, in one pass for all new indexes of a collection ({@link
 * IndexedH2Collection}), not when the index is created or the file opens.
 *
 * <p>A document whose indexed value is an array, an embedded document or another type without a
 * place in {@link KeyOrder} is held aside, and while any such document exists the index answers
 * nothing ({@link #usable()}): queries then scan, so results never depend on the index.
 *
 * <p>A sparse index, as on MongoDB, has no entry for a document that has none of its fields (a
 * field present with the value null has one); {@link QueryPlanner} then uses it only for filters no
 * such document can match.
 */
final class OrderedIndex extends Index<Object> {

  /** The id field of the collections this backend creates: a document's position is its id. */
  static final String ID = "_id";

  /** One document's place in the index. */
  record Entry(Object[] values, Object position) {}

  private final String[] fields;
  private final boolean[] ascending;
  private final NavigableSet<Entry> entries;
  private final Map<Object, Entry> byPosition = new ConcurrentHashMap<>();
  private final Set<Object> unordered = ConcurrentHashMap.newKeySet();

  /**
   * Entries per equality prefix, by prefix length, for the lengths a count asked for: counting a
   * range of a skip list walks every entry in it (85,000 SUCCEEDED tasks: 85,000 steps), a count
   * kept up to date answers at once. Guarded by {@code this}.
   */
  private final Map<Integer, PrefixCounts> prefixCounts = new HashMap<>();

  /**
   * Set once the collection has read every document into the index (on first use: opening a file
   * with many documents and indexes then costs no time, and one pass builds all of them).
   */
  private volatile boolean built;

  OrderedIndex(String name, List<IndexKey> keys, boolean sparse) {
    super(name, keys, sparse);
    fields = new String[keys.size()];
    ascending = new boolean[keys.size()];
    for (int i = 0; i < ascending.length; i++) {
      fields[i] = keys.get(i).getKey();
      ascending[i] = keys.get(i).isAscending();
    }
    entries = new ConcurrentSkipListSet<>(order());
  }

  private Comparator<Entry> order() {
    return (a, b) -> {
      for (int i = 0; i < ascending.length; i++) {
        int cmp = KeyOrder.compare(a.values[i], b.values[i], ascending[i]);
        if (cmp != 0) {
          return cmp;
        }
      }
      return KeyOrder.comparePositions(a.position, b.position);
    };
  }

  /** Whether every document has an orderable entry, so that scans of the index are complete. */
  boolean usable() {
    return built && unordered.isEmpty();
  }

  /** Whether the entries reflect every document; until then writes leave the index alone. */
  boolean built() {
    return built;
  }

  /** Adds one stored document while the collection builds this index ({@link #markBuilt()}). */
  void build(Document document, Object position) {
    enter(document, position);
  }

  /** From now on every write maintains the index and queries may use it. */
  void markBuilt() {
    built = true;
  }

  boolean isAscending(int key) {
    return ascending[key];
  }

  /**
   * The entries between two probes ({@link KeyOrder#LOW} / {@link KeyOrder#HIGH} as open ends and
   * in the position slot), in index order or reversed.
   */
  Iterator<Entry> scan(Entry from, Entry to, boolean reverse) {
    NavigableSet<Entry> range = entries.subSet(from, true, to, true);
    return reverse ? range.descendingIterator() : range.iterator();
  }

  /**
   * How many entries start with {@code prefix} (equal under {@link KeyOrder}), without walking them
   * once the counts of that prefix length are kept ({@link PrefixCounts}).
   */
  synchronized long countPrefix(Object[] prefix) {
    if (prefix.length == 0) {
      return byPosition.size();
    }
    PrefixCounts counts = prefixCounts.get(prefix.length);
    if (counts == null) {
      counts = PrefixCounts.of(prefix.length, entries);
      prefixCounts.put(prefix.length, counts);
    }
    if (counts.overflowed()) {
      Object[] low = Arrays.copyOf(prefix, fields.length);
      Object[] high = Arrays.copyOf(prefix, fields.length);
      Arrays.fill(low, prefix.length, low.length, KeyOrder.LOW);
      Arrays.fill(high, prefix.length, high.length, KeyOrder.HIGH);
      return count(new Entry(low, KeyOrder.LOW), new Entry(high, KeyOrder.HIGH));
    }
    return counts.get(prefix);
  }

  /** How many entries lie between two probes, without loading documents. */
  long count(Entry from, Entry to) {
    return entries.subSet(from, true, to, true).size();
  }

  private Object[] valuesOf(Document document) {
    Object[] values = new Object[fields.length];
    for (int i = 0; i < values.length; i++) {
      String key = fields[i];
      // The server's path lookup validates the key on every call; a plain field needs none.
      values[i] =
          key.indexOf('.') < 0
              ? document.getOrMissing(key)
              : Utils.getSubdocumentValueCollectionAware(document, key);
    }
    return values;
  }

  private static boolean allMissing(Object[] values) {
    for (Object value : values) {
      if (!(value instanceof Missing)) {
        return false;
      }
    }
    return true;
  }

  /** Whether documents without any of its fields are left out (so it misses them). */
  boolean sparse() {
    return isSparse();
  }

  private static boolean orderable(Object[] values) {
    for (Object value : values) {
      if (value instanceof Collection || !KeyOrder.isOrderable(value)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void add(Document document, Object position, MongoCollection<Object> collection) {
    if (built) {
      enter(document, position);
    }
  }

  private void enter(Document document, Object position) {
    Object[] values = valuesOf(document);
    if (isSparse() && allMissing(values)) {
      return;
    }
    if (orderable(values)) {
      Entry entry = new Entry(values, position);
      entries.add(entry);
      byPosition.put(position, entry);
      counted(values, 1);
    } else {
      unordered.add(position);
    }
  }

  private synchronized void counted(Object[] values, int change) {
    for (PrefixCounts counts : prefixCounts.values()) {
      counts.add(values, change);
    }
  }

  @Override
  public Object remove(Document document) {
    Object position = document.get(ID);
    if (position == null) {
      return null;
    }
    forget(position);
    return position;
  }

  private void forget(Object position) {
    Entry entry = byPosition.remove(position);
    if (entry != null) {
      entries.remove(entry);
      counted(entry.values(), -1);
    }
    unordered.remove(position);
  }

  @Override
  public void updateInPlace(
      Document oldDocument,
      Document newDocument,
      Object position,
      MongoCollection<Object> collection) {
    if (built && !unchanged(newDocument, position)) {
      forget(position);
      enter(newDocument, position);
    }
  }

  /**
   * Whether the entry already held for {@code position} has exactly the values of {@code document}:
   * then it stays as it is. Most updates change no indexed field (an input item's consumer list
   * grows with every create; a lease is renewed), and taking the entry out of the skip list and
   * putting it back costs two searches per index.
   */
  private boolean unchanged(Document document, Object position) {
    Entry held = byPosition.get(position);
    return held != null && Arrays.equals(held.values(), valuesOf(document));
  }

  @Override
  public Object getPosition(Document document) {
    return null; // the id index locates documents; a non-unique index cannot
  }

  @Override
  public void checkAdd(Document document, MongoCollection<Object> collection) {
    // not unique: every document fits
  }

  @Override
  public void checkUpdate(
      Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
    // not unique: every document fits
  }

  /** The collection plans index use itself ({@link QueryPlanner}); the stock path never asks. */
  @Override
  public boolean canHandle(Document query) {
    return false;
  }

  @Override
  public Iterable<Object> getPositions(Document query) {
    throw new UnsupportedOperationException("planned by QueryPlanner");
  }

  @Override
  public long getCount() {
    return byPosition.size() + unordered.size();
  }

  @Override
  public long getDataSize() {
    return getCount();
  }

  @Override
  public synchronized void drop() {
    prefixCounts.clear();
    entries.clear();
    byPosition.clear();
    unordered.clear();
  }
}
