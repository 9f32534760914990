package dev.taskmill.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * An H2 database whose collections have real secondary indexes ({@link OrderedIndex}). The file
 * layout is the stock one: index definitions stay in {@code system.indexes} (the stock backend
 * already kept them), so a file written by either backend opens in the other, and a {@code
 * createIndex} repeated at every start finds its index and does nothing. Documents are written by
 * {@link DocumentType}, which reads the stock files too (a file it wrote needs it to be read).
 */
final class IndexedH2Database extends H2Database {

  /** The stock backend's map names; they are the file format. */
  private static final String DATA_PREFIX = "databases.";

  private static final String META_PREFIX = "meta.";

  private static final String INDEX_INFIX = "._index_";

  private final MVStore store;

  IndexedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
    super(databaseName, store, cursorRegistry);
    this.store = store;
    // The stock constructor opened the collections before this class could create them; now.
    initializeNamespacesAndIndexes();
  }

  @Override
  protected void initializeNamespacesAndIndexes() {
    if (store != null) {
      super.initializeNamespacesAndIndexes();
    }
  }

  @Override
  protected MongoCollection<Object> openOrCreateCollection(
      String collectionName, CollectionOptions options) {
    String fullName = getFullCollectionNamespace(collectionName);
    MVMap<Object, Document> data =
        store.openMap(
            DATA_PREFIX + fullName,
            new MVMap.Builder<Object, Document>().valueType(new DocumentType()));
    MVMap<String, Object> meta = store.openMap(META_PREFIX + fullName);
    return new IndexedH2Collection(this, collectionName, options, data, meta, cursorRegistry);
  }

  /**
   * The stock unique index, on a map opened first with {@link UniqueKeyType} (the map is the stock
   * one; the stock code then finds it open and uses it as it is).
   */
  @Override
  protected Index<Object> openOrCreateUniqueIndex(
      String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    store.openMap(
        getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName,
        new MVMap.Builder<KeyValue, Object>().keyType(new UniqueKeyType()));
    return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
  }

  @Override
  protected Index<Object> openOrCreateSecondaryIndex(
      String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    return new OrderedIndex(indexName, keys, sparse);
  }
}
