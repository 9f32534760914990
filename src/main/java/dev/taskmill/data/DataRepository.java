package dev.taskmill.data;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import dev.taskmill.events.Events;
import dev.taskmill.failure.MalformedRequest;
import dev.taskmill.mongo.Journal;
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

  DataRepository(Clock clock, Events events) {
    this.clock = clock;
    this.events = events;
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
    return collection().find(Filters.in("_id", ids)).into(new ArrayList<>());
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
    return collection()
        .find(Filters.in("_id", ids))
        .projection(Projections.exclude("consumers"))
        .into(new ArrayList<>());
  }

  /**
   * PENDING items a task is to produce that were created before {@code cutoff}, with their id and
   * producer only.
   */
  public List<DataItem> pendingOutputsCreatedBefore(Instant cutoff) {
    return collection()
        .find(
            Filters.and(
                Filters.eq("status", DataStatus.PENDING.name()),
                Filters.ne("producerTaskId", null),
                Filters.lt("createdAt", Date.from(cutoff))))
        .projection(Projections.include("_id", "producerTaskId"))
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
    collection().insertOne(item);
    return published(item);
  }

  /** Inserts several new items in one round trip (a task's outputs). */
  public void insertAll(List<DataItem> items) {
    insertAll(items, Journal.AWAITED);
  }

  /** Like {@link #insertAll(List)}, its reply waiting for the disk or not ({@link Journal}). */
  public void insertAll(List<DataItem> items, Journal journal) {
    if (items.isEmpty()) {
      return;
    }
    for (DataItem item : items) {
      item.createdAt = clock.instant();
      item.updatedAt = item.createdAt;
    }
    journal.on(collection()).insertMany(items);
    items.forEach(this::published);
  }

  /**
   * Moves an item from {@code from} to {@code to}, applying {@code changes} in the same update.
   *
   * @return the item after the change, or empty when it was not in {@code from}
   */
  public Optional<DataItem> transition(String id, DataStatus from, DataStatus to, Bson... changes) {
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
            collection()
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
    return collection()
            .updateOne(Filters.eq("_id", id), Updates.addToSet("consumers", taskId))
            .getMatchedCount()
        > 0;
  }

  /**
   * Records, per item, the new tasks that read it: one write for all items (a batch of tasks).
   * Missing items are skipped; the tasks were checked against them just before. The ids are
   * appended ($push), not added as to a set: tasks just created cannot be listed yet, and $addToSet
   * compares each id with every listed consumer (an item a thousand tasks read lists thousands).
   */
  public void addConsumers(Map<String, List<String>> newTaskIdsByItem) {
    addConsumers(newTaskIdsByItem, Journal.AWAITED);
  }

  /** Like {@link #addConsumers(Map)}, its reply waiting for the disk or not ({@link Journal}). */
  public void addConsumers(Map<String, List<String>> newTaskIdsByItem, Journal journal) {
    changeConsumers(newTaskIdsByItem, taskIds -> Updates.pushEach("consumers", taskIds), journal);
  }

  /** Undoes {@link #addConsumers} (a batch that failed while being stored). */
  public void removeConsumers(Map<String, List<String>> taskIdsByItem) {
    changeConsumers(
        taskIdsByItem, taskIds -> Updates.pullAll("consumers", taskIds), Journal.AWAITED);
  }

  /** One unordered bulk write: {@code change} of each item's task ids. */
  private void changeConsumers(
      Map<String, List<String>> taskIdsByItem,
      java.util.function.Function<List<String>, org.bson.conversions.Bson> change,
      Journal journal) {
    if (taskIdsByItem.isEmpty()) {
      return;
    }
    List<UpdateOneModel<DataItem>> updates = new ArrayList<>();
    taskIdsByItem.forEach(
        (id, taskIds) ->
            updates.add(new UpdateOneModel<>(Filters.eq("_id", id), change.apply(taskIds))));
    journal.on(collection()).bulkWrite(updates, new BulkWriteOptions().ordered(false));
  }

  /** Deletes items that were never used: the PENDING outputs of a batch that failed. */
  public void deleteAll(Collection<String> ids) {
    if (!ids.isEmpty()) {
      collection().deleteMany(Filters.in("_id", ids));
    }
  }
}
