package dev.taskmill.data;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * How much a user stores: the bytes and the number of their data items, files and inline content
 * alike, PENDING outputs counting 0 bytes until they are produced. Summed from the items themselves
 * by one aggregation on the {@code owner} index (which the embedded server answers from the index
 * too, {@code mongo.SumPipeline}), so it is always right whoever created or deleted them (an
 * upload, a module's output, a retention sweep), with nothing kept in step.
 */
@ApplicationScoped
public class StorageUse {

  /** A user's storage use. */
  public record Use(long bytes, long items) {}

  /** What the user with id {@code owner} stores now. */
  public Use of(String owner) {
    Bson owned = Filters.eq("owner", owner);
    MongoCollection<Document> items = DataRepository.collection().withDocumentClass(Document.class);
    Document total =
        items
            .aggregate(
                List.of(
                    Aggregates.match(owned),
                    Aggregates.group(null, Accumulators.sum("bytes", "$size"))))
            .first();
    // Counted apart rather than as {$sum: 1} in the group: FerretDB 1.24 answers 0 for a constant
    // sum; a count on the owner index is as cheap on every server.
    long count = items.countDocuments(owned);
    return new Use(total == null ? 0 : number(total.get("bytes")), count);
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }
}
