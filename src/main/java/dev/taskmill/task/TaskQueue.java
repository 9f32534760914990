package dev.taskmill.task;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndDeleteOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The QUEUED tasks, one small document each, in a collection of their own: claiming scans only what
 * is queued, never the whole task history (the embedded server has no secondary indexes, so a query
 * on {@code tasks} by status reads every task). An entry is taken with one atomic {@code
 * findOneAndDelete}; the task then moves QUEUED → RUNNING by id. An entry whose task is no longer
 * QUEUED (cancelled meanwhile) is simply dropped by the claimer.
 */
@ApplicationScoped
public class TaskQueue {

  /** The capability a module with {@code gpu=True} needs. */
  public static final String GPU = "gpu";

  static MongoCollection<Document> collection() {
    return Task.mongoDatabase().getCollection("task_queue");
  }

  /** Queues {@code task} (again): its priority, queue time and earliest start. */
  public void add(Task task) {
    Document entry =
        new Document("_id", task.id)
            .append("priority", task.priority)
            .append("queuedAt", date(task.queuedAt))
            .append("notBefore", date(task.notBefore))
            .append("needs", task.needs == null ? List.of() : task.needs)
            .append("module", task.module);
    collection().replaceOne(Filters.eq("_id", task.id), entry, new ReplaceOptions().upsert(true));
  }

  /**
   * Takes the entry due first at {@code now} that an instance offering {@code capabilities} may
   * run: highest priority, then longest queued. Entries needing what it lacks stay for others.
   */
  public Optional<String> take(Instant now, Collection<String> capabilities) {
    return take(now, capabilities, List.of());
  }

  /**
   * Like {@link #take(Instant, Collection)}, leaving the tasks of {@code notHere} (modules whose
   * environment this instance lacks) for the instances that have it.
   */
  public Optional<String> take(
      Instant now, Collection<String> capabilities, Collection<String> notHere) {
    Bson filter = due(now);
    if (!capabilities.contains(GPU)) {
      filter = Filters.and(filter, Filters.ne("needs", GPU));
    }
    if (!notHere.isEmpty()) {
      filter = Filters.and(filter, Filters.nin("module", notHere));
    }
    Document taken =
        collection()
            .findOneAndDelete(
                filter,
                new FindOneAndDeleteOptions()
                    .sort(
                        Sorts.orderBy(Sorts.descending("priority"), Sorts.ascending("queuedAt"))));
    return Optional.ofNullable(taken).map(doc -> doc.getString("_id"));
  }

  /** Ids in the order they will be taken (due or not), at most {@code limit}. */
  public List<String> peek(int limit) {
    List<String> ids = new ArrayList<>();
    collection()
        .find()
        .sort(Sorts.orderBy(Sorts.descending("priority"), Sorts.ascending("queuedAt")))
        .limit(limit)
        .forEach(doc -> ids.add(doc.getString("_id")));
    return ids;
  }

  /** Whether {@code taskId} has an entry. */
  public boolean contains(String taskId) {
    return collection().find(Filters.eq("_id", taskId)).first() != null;
  }

  private static Bson due(Instant now) {
    return Filters.or(Filters.eq("notBefore", null), Filters.lte("notBefore", date(now)));
  }

  private static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }
}
