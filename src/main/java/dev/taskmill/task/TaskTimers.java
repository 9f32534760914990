package dev.taskmill.task;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * WAITING tasks with a delay, one small document each: the periodic promotion reads only the timers
 * that are due, not every WAITING task (a task waiting for inputs is promoted when its producer
 * finishes, reached through the items' consumers).
 */
@ApplicationScoped
public class TaskTimers {

  static MongoCollection<Document> collection() {
    return Task.mongoDatabase().getCollection("task_timers");
  }

  /** Wakes {@code taskId} at {@code due}. */
  public void set(String taskId, Instant due) {
    collection()
        .replaceOne(
            Filters.eq("_id", taskId),
            new Document("_id", taskId).append("due", Date.from(due)),
            new ReplaceOptions().upsert(true));
  }

  /** Ids of the tasks whose timer is due at {@code now}. */
  public List<String> due(Instant now) {
    List<String> ids = new ArrayList<>();
    collection()
        .find(Filters.lte("due", Date.from(now)))
        .forEach(doc -> ids.add(doc.getString("_id")));
    return ids;
  }

  /** Ids by due time, soonest first, at most {@code limit}. */
  public List<String> peek(int limit) {
    List<String> ids = new ArrayList<>();
    collection()
        .find()
        .sort(com.mongodb.client.model.Sorts.ascending("due"))
        .limit(limit)
        .forEach(doc -> ids.add(doc.getString("_id")));
    return ids;
  }

  /** Drops a timer. */
  public void remove(String taskId) {
    collection().deleteOne(Filters.eq("_id", taskId));
  }
}
