package dev.taskmill.data;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.taskmill.paging.CreatedRange;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/** Lists and filters data items, and changes what describes them (label, tags, metadata). */
@ApplicationScoped
public class DataCatalog {

  private static final Logger LOG = Logger.getLogger(DataCatalog.class);

  /** What a listing may be narrowed by; null fields do not filter ({@code owner}: every user). */
  public record Filter(
      String label,
      String tag,
      DataKind kind,
      DataStatus status,
      DataOrigin origin,
      String producerTaskId,
      String owner,
      CreatedRange created) {}

  /** One page of items and the number of items matching the filter on all pages. */
  public record Page(List<DataItem> items, long total) {}

  private final Clock clock;
  private final DataRepository repository;

  DataCatalog(Clock clock, DataRepository repository) {
    this.clock = clock;
    this.repository = repository;
  }

  void onStart(@Observes StartupEvent event) {
    // Production MongoDB uses these; the embedded server logs that it ignores them, which is fine.
    try {
      var data = DataRepository.collection();
      data.createIndex(Indexes.ascending("status"));
      data.createIndex(Indexes.ascending("owner", "status"));
      data.createIndex(Indexes.ascending("producerTaskId"));
      data.createIndex(Indexes.descending("createdAt", "_id"));
      data.createIndex(Indexes.ascending("tags"));
      data.createIndex(Indexes.ascending("expiresAt", "_id"));
    } catch (MongoException e) {
      LOG.warnf("cannot create the data indexes now (listing works without them): %s", e);
    }
  }

  /**
   * Items of {@code owner} (null: everyone's) by status, every status present. One count per status
   * on the status indexes, so the cost does not grow with the number of items (a {@code $group}
   * over the collection reads every item).
   */
  public Map<DataStatus, Long> countByStatus(String owner) {
    Map<DataStatus, Long> counts = new EnumMap<>(DataStatus.class);
    for (DataStatus status : DataStatus.values()) {
      Bson filter = Filters.eq("status", status.name());
      if (owner != null) {
        filter = Filters.and(Filters.eq("owner", owner), filter);
      }
      counts.put(status, DataRepository.collection().countDocuments(filter));
    }
    return counts;
  }

  /** Items matching {@code filter}, newest first, skipping {@code page * size}. */
  public Page list(Filter filter, int page, int size) {
    Bson query = query(filter);
    long total = DataRepository.collection().countDocuments(query);
    long skip = (long) page * size;
    if (skip >= total) {
      return new Page(List.of(), total);
    }
    List<DataItem> items =
        DataRepository.collection()
            .find(query)
            .sort(Sorts.descending("createdAt", "_id"))
            .skip((int) skip)
            .limit(size)
            .into(new ArrayList<>());
    return new Page(items, total);
  }

  private static Bson query(Filter f) {
    List<Bson> parts = new ArrayList<>();
    if (f.label() != null && !f.label().isEmpty()) {
      parts.add(Filters.regex("label", Pattern.quote(f.label()), "i"));
    }
    if (f.tag() != null && !f.tag().isEmpty()) {
      parts.add(Filters.eq("tags", f.tag()));
    }
    if (f.kind() != null) {
      parts.add(Filters.eq("kind", f.kind().name()));
    }
    if (f.status() != null) {
      parts.add(Filters.eq("status", f.status().name()));
    }
    if (f.origin() != null) {
      parts.add(Filters.eq("origin", f.origin().name()));
    }
    if (f.producerTaskId() != null && !f.producerTaskId().isEmpty()) {
      parts.add(Filters.eq("producerTaskId", f.producerTaskId()));
    }
    if (f.owner() != null) {
      parts.add(Filters.eq("owner", f.owner()));
    }
    if (f.created() != null) {
      parts.addAll(f.created().filters());
    }
    return parts.isEmpty() ? Filters.empty() : Filters.and(parts);
  }

  /**
   * Sets the given fields (null: leave as it is) in one update.
   *
   * @return the item after the change, or empty when there is no such item
   */
  public Optional<DataItem> describe(String id, String label, List<String> tags, String metadata) {
    List<Bson> updates = new ArrayList<>();
    if (label != null) {
      updates.add(Updates.set("label", label));
    }
    if (tags != null) {
      updates.add(Updates.set("tags", tags));
    }
    if (metadata != null) {
      updates.add(Updates.set("metadata", metadata));
    }
    updates.add(Updates.set("updatedAt", clock.instant()));
    return Optional.ofNullable(
        DataRepository.collection()
            .findOneAndUpdate(
                Filters.eq("_id", id),
                Updates.combine(updates),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
  }

  /**
   * Removes {@code item} only if its status, producer and consumers are still what the caller
   * checked, so a task that started to use it meanwhile keeps it.
   *
   * @return false when the item changed or is gone
   */
  public boolean remove(DataItem item) {
    List<Bson> same = new ArrayList<>();
    same.add(Filters.eq("_id", item.id));
    same.add(Filters.eq("status", item.status.name()));
    same.add(Filters.eq("producerTaskId", item.producerTaskId));
    same.add(
        item.consumers == null || item.consumers.isEmpty()
            ? Filters.or(Filters.exists("consumers", false), Filters.size("consumers", 0))
            : Filters.eq("consumers", item.consumers));
    boolean removed =
        DataRepository.collection().deleteOne(Filters.and(same)).getDeletedCount() > 0;
    if (removed) {
      repository.publishDeleted(item);
    }
    return removed;
  }
}
