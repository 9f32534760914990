package dev.taskmill.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.List;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend of mongo-java-server with secondary indexes ({@link IndexedH2Database}), so that
 * one collection with real indexes reads as fast here as on MongoDB. It also answers the driver's
 * {@code countDocuments} pipeline from an index ({@link CountPipeline}), and a total over an index
 * ({@link SumPipeline}) from the documents the index yields; the stock aggregation reads every
 * document of the collection before its {@code $match}.
 */
class IndexedH2Backend extends H2Backend {

  IndexedH2Backend(MVStore store) {
    super(store);
  }

  /** A backend that keeps everything in memory (tests). */
  static IndexedH2Backend inMemoryWithIndexes() {
    return new IndexedH2Backend(MVStore.open(null));
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    // Runs from the stock constructor too (databases already in the file): no fields of this class.
    return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
  }

  @Override
  public Document handleCommand(
      Channel channel, String databaseName, String command, Document query) {
    if (command.equalsIgnoreCase("aggregate")) {
      Document counted = countFromIndex(databaseName, query);
      if (counted != null) {
        return counted;
      }
      Document summed = sumFromIndex(databaseName, query);
      if (summed != null) {
        return summed;
      }
    }
    return super.handleCommand(channel, databaseName, command, query);
  }

  private Document countFromIndex(String databaseName, Document query) {
    CountPipeline count = CountPipeline.parse(query.get("pipeline"));
    IndexedH2Collection indexed = count == null ? null : aggregated(databaseName, query);
    if (indexed == null) {
      return null;
    }
    String collectionName = (String) query.get("aggregate");
    int n = indexed.count(count.filter(), count.skip(), count.limit());
    return oneBatch(databaseName, collectionName, n == 0 ? List.of() : List.of(count.result(n)));
  }

  /**
   * The collection an {@code aggregate} command names, when it is one of this backend's indexed
   * collections (not in {@code admin}); else null, and the stock server answers.
   */
  private IndexedH2Collection aggregated(String databaseName, Document query) {
    if (databaseName.equals("admin") || !(query.get("aggregate") instanceof String name)) {
      return null;
    }
    MongoCollection<?> collection = resolveDatabase(databaseName).resolveCollection(name, false);
    return collection instanceof IndexedH2Collection indexed ? indexed : null;
  }

  /** A {@link SumPipeline} answered from the documents its filter's index plan yields. */
  private Document sumFromIndex(String databaseName, Document query) {
    SumPipeline sum = SumPipeline.parse(query.get("pipeline"));
    IndexedH2Collection indexed = sum == null ? null : aggregated(databaseName, query);
    if (indexed == null) {
      return null;
    }
    String collectionName = (String) query.get("aggregate");
    List<Document> matched = indexed.matching(sum.filter());
    return oneBatch(
        databaseName, collectionName, matched.isEmpty() ? List.of() : List.of(sum.result(matched)));
  }

  private static Document oneBatch(
      String databaseName, String collectionName, List<Document> batch) {
    Document cursor = new Document("id", 0L);
    cursor.put("ns", databaseName + "." + collectionName);
    cursor.put("firstBatch", batch);
    Document response = new Document("cursor", cursor);
    response.put("ok", 1.0);
    return response;
  }
}
