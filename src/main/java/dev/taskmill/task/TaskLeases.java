package dev.taskmill.task;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The leases of RUNNING tasks, one small document each, so that finding expired ones reads only the
 * running tasks' leases, never the task history. The task document keeps the lease too (its token
 * guards every update of a running task); this collection is the index to it.
 */
@ApplicationScoped
public class TaskLeases {

  static MongoCollection<Document> collection() {
    return Task.mongoDatabase().getCollection("task_leases");
  }

  /** Records the lease of a task that was just claimed. */
  public void put(String taskId, Task.Lease lease) {
    collection()
        .replaceOne(
            Filters.eq("_id", taskId),
            new Document("_id", taskId)
                .append("owner", lease.owner)
                .append("token", lease.token)
                .append("expiresAt", Date.from(lease.expiresAt)),
            new ReplaceOptions().upsert(true));
  }

  /** Moves the expiry of a lease that is still held with {@code token}. */
  public void renew(String taskId, String token, Instant expiresAt) {
    collection()
        .updateOne(
            Filters.and(Filters.eq("_id", taskId), Filters.eq("token", token)),
            Updates.set("expiresAt", Date.from(expiresAt)));
  }

  /** Forgets the lease of a task that left RUNNING. */
  public void remove(String taskId) {
    collection().deleteOne(Filters.eq("_id", taskId));
  }

  /** Ids of the tasks whose lease expired before {@code now}. */
  public List<String> expired(Instant now) {
    List<String> ids = new ArrayList<>();
    collection()
        .find(Filters.lt("expiresAt", Date.from(now)))
        .forEach(doc -> ids.add(doc.getString("_id")));
    return ids;
  }

  /** Ids of every task holding a lease (the RUNNING ones). */
  public List<String> all() {
    List<String> ids = new ArrayList<>();
    collection().find().forEach(doc -> ids.add(doc.getString("_id")));
    return ids;
  }
}
