package dev.taskmill.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVMap;

/**
 * An H2 collection that reads through its secondary indexes ({@link QueryPlanner}): find, count,
 * distinct, update, delete and findAndModify load only the candidates an index yields, and when the
 * index gives the requested order they skip the sort, so a limit stops the scan early. Every
 * candidate is still matched against the whole filter: results never depend on the index.
 */
final class IndexedH2Collection extends H2Collection {

  private final LongAdder documentsRead = new LongAdder();

  /** The documents by id: an MVMap keeps its keys sorted, which {@link #idOrder} reads. */
  private final MVMap<Object, Document> dataMap;

  /** The last {@code $in} filter on strings that was matched, kept for its next documents. */
  private volatile StringInFilter lastIn;

  IndexedH2Collection(
      MongoDatabase database,
      String collectionName,
      CollectionOptions options,
      MVMap<Object, Document> dataMap,
      MVMap<String, Object> metaMap,
      CursorRegistry cursorRegistry) {
    super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    this.dataMap = dataMap;
  }

  /**
   * The stock collection keeps its data size (what {@code collStats} reports) up to date on every
   * write by encoding each inserted, updated and deleted document as BSON, and, for an update, the
   * document before and after: a quarter of the server's CPU when a batch inserts a thousand tasks,
   * and an item's growing consumer list re-encoded on each new consumer. Taskmill never asks for
   * the size, so it is counted when asked ({@link #getDataSize()}).
   */
  @Override
  protected boolean tracksDataSize() {
    return false;
  }

  /** The size of every document as BSON, counted now: only {@code collStats} asks for it. */
  @Override
  protected int getDataSize() {
    if (dataMap == null) {
      // Asked by the stock constructor for a debug line, before this class has its map: the count
      // the file holds from before does for that.
      return super.getDataSize();
    }
    long size = 0;
    ByteBuf buffer = Unpooled.buffer();
    try {
      for (Document document : dataMap.values()) {
        buffer.clear();
        BsonEncoder.encodeDocument(document, buffer);
        size += buffer.writerIndex();
      }
    } finally {
      buffer.release();
    }
    return (int) Math.min(Integer.MAX_VALUE, size);
  }

  /**
   * The matching documents as copies. The server's update applies its changes in place to the
   * document the query returned, and that object is the one stored in the map, which a commit on
   * another thread (ours, or H2's background writer) may be serializing at that moment: H2 then
   * fails with a ConcurrentModificationException and closes the store. Stored documents are
   * therefore never handed out; each is copied as the result is read (only what is read: a limit or
   * a batch stops the copying). The copy is shallow: the update changes only the top level of that
   * document (it removes and puts fields), and the values it puts come from the deep copy it
   * computed the new document in, so no nested value is changed in place.
   */
  @Override
  protected QueryResult queryDocuments(
      Document query,
      Document orderBy,
      int numberToSkip,
      int limit,
      int batchSize,
      Document fieldSelector) {
    QueryResult stored =
        storedDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    Iterable<Document> copies =
        () -> {
          Iterator<Document> documents = stored.iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return documents.hasNext();
            }

            @Override
            public Document next() {
              return new Document(documents.next());
            }
          };
        };
    return new QueryResult(copies, stored.getCursorId());
  }

  private QueryResult storedDocuments(
      Document query,
      Document orderBy,
      int numberToSkip,
      int limit,
      int batchSize,
      Document fieldSelector) {
    IndexPlan plan = plan(query, orderBy, limit);
    Iterator<Object> positions;
    boolean inOrder;
    if (plan != null) {
      inOrder = plan.sorted() && orderBy != null && !orderBy.isEmpty();
      positions = inOrder ? plan.positions() : inIdOrder(plan.positions());
    } else if ((positions = idOrder(orderBy)) != null) {
      inOrder = true;
    } else {
      if (getIndexes().stream().noneMatch(index -> index.canHandle(query))) {
        documentsRead.add(count()); // the stock path reads every document
      }
      return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }
    Stream<Document> candidates =
        StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(positions, Spliterator.ORDERED), false)
            .map(this::getDocument)
            .filter(Objects::nonNull); // removed since the index was read (reads do not lock)
    Comparator<Document> order = inOrder ? null : deriveComparator(orderBy);
    return matchDocumentsFromStream(
        query, candidates, numberToSkip, limit, batchSize, order, fieldSelector);
  }

  /**
   * Every position in the order of {@code orderBy} when it sorts by {@code _id} alone, read from
   * the sorted document map itself, so a limit stops after the page instead of sorting the whole
   * collection; otherwise null. Only for string ids: the map orders keys by type first and strings
   * as the server does ({@code String.compareTo}), so when its first and last keys are strings all
   * keys are, and map order is the server's order. Other id types (numbers of mixed widths,
   * ObjectIds compared as serialized objects) may order differently there, and take the stock path.
   */
  private Iterator<Object> idOrder(Document orderBy) {
    if (orderBy == null
        || orderBy.size() != 1
        || !(orderBy.get(OrderedIndex.ID) instanceof Number direction)
        || dataMap.isEmpty()
        || !(dataMap.firstKey() instanceof String)
        || !(dataMap.lastKey() instanceof String)) {
      return null;
    }
    return direction.doubleValue() < 0
        ? dataMap.keyIteratorReverse(null)
        : dataMap.keyIterator(null);
  }

  /**
   * Candidates in id order, the stock server's storage order: without a requested order its results
   * come that way, and its stable sort leaves ties that way. Callers may rely on it (which document
   * {@code updateOne} takes); sorting ids costs no document loads.
   */
  private static Iterator<Object> inIdOrder(Iterator<Object> positions) {
    List<Object> ids = new ArrayList<>();
    positions.forEachRemaining(ids::add);
    ids.sort(KeyOrder::comparePositions);
    return ids.iterator();
  }

  /**
   * Counts from index entries alone when the filter is equality on index keys only; otherwise
   * through {@link #queryDocuments}. Synchronized like the collection's writes, so a count never
   * sees an update half applied to an index.
   */
  @Override
  public synchronized int count(Document query, int skip, int limit) {
    if (query != null && !query.isEmpty()) {
      IndexPlan plan = plan(query, null, 0);
      if (plan != null && plan.countable()) {
        long count = Math.max(0, plan.count() - Math.max(skip, 0));
        return (int) (limit > 0 ? Math.min(limit, count) : count);
      }
    }
    return super.count(query, skip, limit);
  }

  /**
   * Every document matching {@code query}, read through its index plan when there is one (the
   * stored documents themselves: for a total read at once, never handed to the server's update).
   */
  synchronized List<Document> matching(Document query) {
    List<Document> matched = new ArrayList<>();
    storedDocuments(query, null, 0, 0, 0, null).forEach(matched::add);
    return matched;
  }

  /** The plan a query would use (null: a full scan); for tests and explanations. */
  IndexPlan plan(Document query, Document orderBy, int limit) {
    buildPendingIndexes();
    return QueryPlanner.plan(getIndexes(), query, orderBy, limit);
  }

  @Override
  protected Document getDocument(Object position) {
    documentsRead.increment();
    return super.getDocument(position);
  }

  /** Documents loaded by queries so far: what an index saves shows here, not in timings. */
  long documentsRead() {
    return documentsRead.sum();
  }

  /** The secondary indexes of this collection that queries can use. */
  long orderedIndexes() {
    return getIndexes().stream().filter(OrderedIndex.class::isInstance).count();
  }

  /** How many documents the ordered index {@code name} holds an entry for (a test's view). */
  long indexEntries(String name) {
    return getIndexes().stream()
        .filter(i -> i instanceof OrderedIndex && i.getName().equals(name))
        .mapToLong(Index::getCount)
        .sum();
  }

  /**
   * Registers a new ordered index without reading the documents: the stock path reads them all
   * twice per index, at every open of the file. {@link #buildPendingIndexes} builds them on first
   * use, all in one pass. An index of the same name goes the stock way (kept, or a conflict).
   */
  @Override
  public synchronized void addIndex(Index<Object> index) {
    boolean known = getIndexes().stream().anyMatch(i -> i.getName().equals(index.getName()));
    if (index instanceof OrderedIndex ordered && !known) {
      if (isEmpty()) {
        ordered.markBuilt(); // nothing to read: writes maintain it from the start
      }
      getIndexes().add(index);
    } else {
      super.addIndex(index);
    }
  }

  /** Reads every document once into the ordered indexes not built yet. */
  private synchronized void buildPendingIndexes() {
    List<OrderedIndex> pending = new ArrayList<>();
    for (Index<Object> index : getIndexes()) {
      if (index instanceof OrderedIndex ordered && !ordered.built()) {
        pending.add(ordered);
      }
    }
    if (pending.isEmpty()) {
      return;
    }
    streamAllDocumentsWithPosition()
        .forEach(
            stored -> {
              for (OrderedIndex index : pending) {
                index.build(stored.getDocument(), stored.getPosition());
              }
            });
    pending.forEach(OrderedIndex::markBuilt);
  }

  /** Matches {@code {field: {$in: [strings]}}} from a hash set ({@link StringInFilter}). */
  @Override
  protected boolean documentMatchesQuery(Document document, Document query) {
    StringInFilter in = lastIn;
    if (in == null || !in.isFor(query)) {
      in = StringInFilter.of(query);
      if (in == null) {
        return super.documentMatchesQuery(document, query);
      }
      lastIn = in;
    }
    Boolean matches = in.matches(document);
    return matches != null ? matches : super.documentMatchesQuery(document, query);
  }
}
