package dev.taskmill.data;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

/**
 * How much a user stores: the bytes and the number of their data items, files and inline content
 * alike, PENDING outputs counting 0 bytes until they are produced. Summed from the items themselves
 * on the {@code owner} index, so it is always right whoever created or deleted them (an upload, a
 * module's output, a retention sweep), with nothing kept in step.
 */
@ApplicationScoped
public class StorageUse {

  /** A user's storage use. */
  public record Use(long bytes, long items) {}

  /** What the user with id {@code owner} stores now. */
  public Use of(String owner) {
    long[] sums = {0, 0};
    DataRepository.collection()
        .withDocumentClass(Document.class)
        .find(Filters.eq("owner", owner))
        .projection(Projections.include("size"))
        .forEach(
            doc -> {
              sums[0] += doc.get("size") instanceof Number n ? n.longValue() : 0;
              sums[1]++;
            });
    return new Use(sums[0], sums[1]);
  }
}
