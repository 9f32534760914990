package dev.taskmill.data;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.bson.Document;

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
    Document total =
        DataRepository.collection()
            .withDocumentClass(Document.class)
            .aggregate(
                List.of(
                    Aggregates.match(Filters.eq("owner", owner)),
                    Aggregates.group(
                        null, Accumulators.sum("bytes", "$size"), Accumulators.sum("items", 1))))
            .first();
    if (total == null) {
      return new Use(0, 0);
    }
    return new Use(number(total.get("bytes")), number(total.get("items")));
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }
}
