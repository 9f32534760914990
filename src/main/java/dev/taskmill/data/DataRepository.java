package dev.taskmill.data;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.taskmill.events.Events;
import dev.taskmill.failure.MalformedRequest;
import dev.taskmill.mongo.Journal;
import dev.taskmill.paging.ExpiredAfter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.EncoderContext;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * Reads data items and changes their status. Every status change is one conditional {@code
 * findOneAndUpdate} with the expected status in the filter, so two instances cannot both win.
 */
@ApplicationScoped
public class DataRepository {

  private static final Pattern ID = Pattern.compile("[0-9a-f]{24}");

  private final Clock clock;

  private final Events events;

  /**
   * Looked up once: Panache's lookup ({@link DataItem#mongoCollection()}) resolves the client bean
   * and the database on every call, ~5 % of a create's request thread.
   */
  private final MongoCollection<DataItem> itemCollection;

  private final Codec<DataItem> itemCodec;

  DataRepository(Clock clock, Events events) {
    this.clock = clock;
    this.events = events;
    this.itemCollection = collection();
    this.itemCodec = itemCollection.getCodecRegistry().get(DataItem.class);
  }

  /** Tells live listeners what became of {@code item}; returns it. */
  public DataItem published(DataItem item) {
    if (item != null) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("status", item.status);
      data.put("kind", item.kind);
      data.put("label", item.label);
      if (item.producerTaskId != null) {
        data.put("producerTaskId", item.producerTaskId);
      }
      events.publish("data", item.id, item.owner, data);
    }
    return item;
  }

  /** Tells live listeners that item {@code id} was deleted. */
  public void publishDeleted(DataItem item) {
    events.publish("data", item.id, item.owner, Map.of("status", "DELETED"));
  }

  static MongoCollection<DataItem> collection() {
    return DataItem.mongoCollection();
  }

  /** A fresh item id: a new ObjectId as 24 lowercase hex digits. */
  public static String newId() {
    return new ObjectId().toHexString();
  }

  /** Whether {@code id} has the shape of an item id (24 lowercase hex digits). */
  public static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /**
   * Fails with a 400 problem naming {@code what} ("task", "pipeline", ...) when {@code id} is not
   * an id: a typo gets "malformed", not "not found". Every entity's id has this shape.
   */
  public static void requireValidId(String id, String what) {
    if (!isValidId(id)) {
      throw new MalformedRequest("'" + id + "' is not a " + what + " id (24 hex digits).");
    }
  }

  public Optional<DataItem> find(String id) {
    return isValidId(id) ? Optional.ofNullable(DataItem.findById(id)) : Optional.empty();
  }

  /** The items with these ids that exist, in no particular order. */
  public List<DataItem> findAll(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return itemCollection.find(Filters.in("_id", ids)).into(new ArrayList<>());
  }

  /**
   * The items with these ids that exist, in no particular order, with an empty consumer list: what
   * a check of status, kind and owner reads. An item's consumer list grows with every task that
   * reads it (an input shared by 20,000 tasks lists 20,000 ids), so reading it for each new task
   * made every create on a shared input slower than the one before.
   */
  public List<DataItem> findAllWithoutConsumers(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return itemCollection
        .find(Filters.in("_id", ids))
        .projection(Projections.exclude("consumers"))
        .into(new ArrayList<>());
  }

  /**
   * PENDING items a task is to produce that were created before {@code cutoff}, with their id and
   * producer only.
   */
  public List<DataItem> pendingOutputsCreatedBefore(Instant cutoff) {
    return itemCollection
        .find(
            Filters.and(
                Filters.eq("status", DataStatus.PENDING.name()),
                Filters.ne("producerTaskId", null),
                Filters.lt("createdAt", Date.from(cutoff))))
        .projection(Projections.include("_id", "producerTaskId"))
        .into(new ArrayList<>());
  }

  /**
   * At most {@code limit} items that expired before {@code now}, in (expiresAt, id) order after the
   * item {@code afterId} that expired at {@code afterAt} (both null: from the first), without their
   * inline content: what the retention sweep pages through (on the expiresAt index).
   */
  public List<DataItem> expired(Instant now, Instant afterAt, String afterId, int limit) {
    Bson filter = ExpiredAfter.filter(now, afterAt, afterId);
    return itemCollection
        .find(filter)
        .projection(Projections.exclude("text"))
        .sort(Sorts.ascending("expiresAt", "_id"))
        .limit(limit)
        .into(new ArrayList<>());
  }

  /**
   * Inserts a new item; sets {@code id} (when missing), {@code createdAt} and {@code updatedAt}.
   */
  public DataItem insert(DataItem item) {
    if (item.id == null) {
      item.id = newId();
    }
    item.createdAt = clock.instant();
    item.updatedAt = item.createdAt;
    if (item.status == DataStatus.AVAILABLE && item.availableAt == null) {
      item.availableAt = item.createdAt;
    }
    itemCollection.insertOne(item);
    return published(item);
  }

  /**
   * Stores new items and appends new consumers to existing items in one ordered write command, an
   * {@code update}: one command where an {@code insert} and an {@code update} were two, as a
   * create's round trips to the database are its largest cost. Its first statements store each new
   * item by its fresh id as an upsert that only sets fields on insert ({@code $setOnInsert} of the
   * whole item, which on an id no document has stores what an insert would store); its last ones
   * append, per existing item, the ids of the new tasks that read it. Missing items are skipped;
   * the tasks were checked against them just before. The ids are appended ($push), not added as to
   * a set: tasks just created cannot be listed yet, and $addToSet compares each id with every
   * listed consumer (an item a thousand tasks read lists thousands). Sets {@code createdAt} and
   * {@code updatedAt} of the new items and tells live listeners about them once stored.
   */
  public void insertWithConsumers(
      List<DataItem> newItems, Map<String, List<String>> newTaskIdsByItem, Journal journal) {
    List<UpdateOneModel<DataItem>> writes = new ArrayList<>();
    UpdateOptions upsert = new UpdateOptions().upsert(true);
    for (DataItem item : newItems) {
      item.createdAt = clock.instant();
      item.updatedAt = item.createdAt;
      writes.add(
          new UpdateOneModel<>(
              Filters.eq("_id", item.id), new BsonDocument("$setOnInsert", fields(item)), upsert));
    }
    newTaskIdsByItem.forEach(
        (id, taskIds) ->
            writes.add(
                new UpdateOneModel<>(
                    Filters.eq("_id", id), Updates.pushEach("consumers", taskIds))));
    if (writes.isEmpty()) {
      return;
    }
    journal.on(itemCollection).bulkWrite(writes, new BulkWriteOptions().ordered(true));
    newItems.forEach(this::published);
  }

  /** The fields {@code item} is stored with, as the collection's codec writes them, but its id. */
  private BsonDocument fields(DataItem item) {
    BsonDocument fields = new BsonDocument();
    itemCodec.encode(new BsonDocumentWriter(fields), item, EncoderContext.builder().build());
    fields.remove("_id");
    return fields;
  }

  /**
   * Moves an item from {@code from} to {@code to}, applying {@code changes} in the same update.
   *
   * @return the item after the change, or empty when it was not in {@code from}
   */
  public Optional<DataItem> transition(String id, DataStatus from, DataStatus to, Bson... changes) {
    return transition(id, from, to, Journal.AWAITED, changes);
  }

  /**
   * {@link #transition(String, DataStatus, DataStatus, Bson...)} with its wait for the disk as
   * {@code journal} says: a publication's items are DEFERRED, its task's end takes them along.
   */
  public Optional<DataItem> transition(
      String id, DataStatus from, DataStatus to, Journal journal, Bson... changes) {
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException("a data item cannot move from " + from + " to " + to);
    }
    List<Bson> updates = new ArrayList<>(List.of(changes));
    updates.add(Updates.set("status", to.name()));
    updates.add(Updates.set("updatedAt", clock.instant()));
    if (to == DataStatus.AVAILABLE) {
      updates.add(Updates.set("availableAt", clock.instant()));
    }
    Bson filter = Filters.and(Filters.eq("_id", id), Filters.eq("status", from.name()));
    return Optional.ofNullable(
        published(
            journal
                .on(itemCollection)
                .findOneAndUpdate(
                    filter,
                    Updates.combine(updates),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))));
  }

  /**
   * Records that task {@code taskId} reads the item (once, however often it is called).
   *
   * @return false when there is no such item
   */
  public boolean addConsumer(String id, String taskId) {
    return itemCollection
            .updateOne(Filters.eq("_id", id), Updates.addToSet("consumers", taskId))
            .getMatchedCount()
        > 0;
  }

  /** Undoes the consumers of {@link #insertWithConsumers} (tasks that failed to be stored). */
  public void removeConsumers(Map<String, List<String>> taskIdsByItem) {
    if (taskIdsByItem.isEmpty()) {
      return;
    }
    List<UpdateOneModel<DataItem>> updates = new ArrayList<>();
    taskIdsByItem.forEach(
        (id, taskIds) ->
            updates.add(
                new UpdateOneModel<>(
                    Filters.eq("_id", id), Updates.pullAll("consumers", taskIds))));
    itemCollection.bulkWrite(updates, new BulkWriteOptions().ordered(false));
  }

  /** Deletes items that were never used: the PENDING outputs of a batch that failed. */
  public void deleteAll(Collection<String> ids) {
    if (!ids.isEmpty()) {
      itemCollection.deleteMany(Filters.in("_id", ids));
    }
  }
}
