package dev.taskmill.task;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The most recently finished tasks, one small document each and trimmed to the newest few hundred,
 * so the dashboard's "recent" and "failures" never sort the whole task history.
 */
@ApplicationScoped
public class TaskRecent {

  /** Entries kept after a trim. */
  static final int KEEP = 200;

  static MongoCollection<Document> collection() {
    return Task.mongoDatabase().getCollection("task_recent");
  }

  /** Records that {@code task} finished (or finished again after a retry). */
  public void finished(Task task) {
    Instant at = task.finishedAt == null ? Instant.now() : task.finishedAt;
    collection()
        .replaceOne(
            Filters.eq("_id", task.id),
            new Document("_id", task.id)
                .append("status", task.status.name())
                .append("finishedAt", Date.from(at)),
            new ReplaceOptions().upsert(true));
  }

  /** Forgets a task that was reopened by a retry. */
  public void reopened(String taskId) {
    collection().deleteOne(Filters.eq("_id", taskId));
  }

  /** Ids of the newest finished tasks in {@code statuses}, newest first. */
  public List<String> newest(List<TaskStatus> statuses, int limit) {
    List<String> ids = new ArrayList<>();
    collection()
        .find(Filters.in("status", statuses.stream().map(Enum::name).toList()))
        .sort(Sorts.descending("finishedAt"))
        .limit(limit)
        .forEach(doc -> ids.add(doc.getString("_id")));
    return ids;
  }

  /** Drops all but the newest {@link #KEEP} entries. */
  public void trim() {
    Document cutoff =
        collection().find().sort(Sorts.descending("finishedAt")).skip(KEEP).limit(1).first();
    if (cutoff != null) {
      collection().deleteMany(Filters.lte("finishedAt", cutoff.getDate("finishedAt")));
    }
  }
}
