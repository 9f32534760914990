package dev.taskmill.task.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.taskmill.task.model.Task;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.conversions.Bson;

/**
 * The indexes of the {@code tasks} collection, one for each query {@link MongoTaskStore} runs, and
 * the clean-up of what earlier versions kept beside it. docs/decisions.md ("One tasks collection")
 * lists them with their queries.
 */
public final class TaskStoreIndexes {

  /** Equality fields first, then the sort: each query reads its answer in index order. */
  static final List<Bson> INDEXES =
      List.of(
          // claim, and the dashboard's queued list in claim order; the fair keys' virtual time
          ClaimOrder.INDEX,
          // the fair keys: a user's last queued task at a priority
          Indexes.compoundIndex(
              Indexes.ascending("owner", "status"),
              Indexes.descending("priority"),
              Indexes.descending("fairKey")),
          // due timers, and the dashboard's delayed list
          Indexes.ascending("status", "notBefore"),
          // expired leases, and the dashboard's running list
          Indexes.ascending("status", "lease.expiresAt"),
          // recently finished and failed
          Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("finishedAt")),
          // counts by status, the task list by status (newest first), the WAITING sweep
          Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("_id")),
          // a user's counts by status and task list by status
          Indexes.compoundIndex(Indexes.ascending("owner", "status"), Indexes.descending("_id")),
          // a user's task list
          Indexes.compoundIndex(Indexes.ascending("owner"), Indexes.descending("_id")),
          // the task list by module, and sorted by module
          Indexes.compoundIndex(Indexes.ascending("module"), Indexes.descending("_id")),
          // the task list sorted by when tasks finished (either way)
          Indexes.compoundIndex(Indexes.descending("finishedAt"), Indexes.descending("_id")),
          // a retry reopens the dependants that failed because of the task
          Indexes.ascending("failedBecause"),
          // a pipeline's tasks
          Indexes.ascending("pipelineId"),
          // the retention sweep: finished tasks past their expiresAt
          Indexes.ascending("status", "expiresAt"));

  /**
   * Result reuse finds earlier results by key (the few with one key are sorted after). Sparse: only
   * tasks whose committed result carries a key (reuse tasks) are in it, on the embedded server too
   * (docs/decisions.md, "Result reuse"), so other tasks cost it nothing.
   */
  static final Bson REUSE_KEY = Indexes.ascending("reuseKey");

  /**
   * What versions before the single collection kept in step with {@code tasks} (queue, leases,
   * timers, status counters, recently finished); nothing reads them any more.
   */
  static final List<String> LEGACY_COLLECTIONS =
      List.of(
          "task_queue",
          "task_leases",
          "task_timers",
          "task_counts",
          "task_counts_by_owner",
          "task_recent");

  /** Indexes of earlier versions that those above replace. */
  static final List<String> LEGACY_INDEXES =
      List.of(
          "status_1_createdAt_1",
          "module_1",
          "finishedAt_-1",
          // the claim index before fair keys
          "status_1_priority_-1_queuedAt_1");

  private TaskStoreIndexes() {}

  /** Creates the indexes (an index that exists already is left as it is). */
  public static void create(MongoCollection<Task> tasks) {
    INDEXES.forEach(tasks::createIndex);
    tasks.createIndex(REUSE_KEY, new IndexOptions().sparse(true));
  }

  /**
   * Drops the side collections and indexes of earlier versions that are there (asking first: the
   * embedded server logs a drop of what does not exist as an error).
   */
  public static void dropLegacy(MongoDatabase database, MongoCollection<Task> tasks) {
    Set<String> collections = database.listCollectionNames().into(new HashSet<>());
    for (String name : LEGACY_COLLECTIONS) {
      if (collections.contains(name)) {
        database.getCollection(name).drop();
      }
    }
    Set<String> indexes = new HashSet<>();
    tasks.listIndexes().forEach(index -> indexes.add(index.getString("name")));
    for (String index : LEGACY_INDEXES) {
      if (indexes.contains(index)) {
        tasks.dropIndex(index);
      }
    }
  }
}
