package dev.taskmill.task.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.taskmill.mongo.Journal;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.conversions.Bson;

/**
 * The tasks in one MongoDB collection, every query served by an index of {@link TaskStoreIndexes}.
 * Each write is one conditional update that names the status it expects (and, for a RUNNING task,
 * the lease token) and increments the task's {@code version}; a claim is one {@code
 * findOneAndUpdate}.
 */
public class MongoTaskStore extends MongoTaskReads {

  private final Object[] leasedWriteStripes = stripes(64);
  private final MongoCollection<Task> claims;
  private final FairKeys fairKeys;

  public MongoTaskStore(MongoCollection<Task> tasks, Clock clock) {
    super(tasks, clock);
    this.claims = Journal.DEFERRED.on(tasks);
    this.fairKeys = new FairKeys(tasks);
  }

  @Override
  public void insert(Task task) {
    task.updatedAt = clock.instant();
    fairKeys.assign(List.of(task));
    tasks.insertOne(task);
  }

  @Override
  public void insertAll(List<Task> batch) {
    if (batch.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    batch.forEach(task -> task.updatedAt = now);
    fairKeys.assign(batch);
    tasks.insertMany(batch);
  }

  @Override
  public void deleteAll(Collection<String> ids) {
    if (!ids.isEmpty()) {
      tasks.deleteMany(Filters.in("_id", ids));
    }
  }

  @Override
  public long deleteExpired(Collection<String> ids, Instant now) {
    return deleteFinishedWhere(ids, Filters.lt("expiresAt", now));
  }

  @Override
  public long deleteFinished(Collection<String> ids) {
    return deleteFinishedWhere(ids, null);
  }

  /** The one delete of tasks: only those still finished, and matching {@code also} if given. */
  private long deleteFinishedWhere(Collection<String> ids, Bson also) {
    if (ids.isEmpty()) {
      return 0;
    }
    List<String> finished = new ArrayList<>();
    for (TaskStatus status : TaskStatus.values()) {
      if (status.isTerminal()) {
        finished.add(status.name());
      }
    }
    Bson stillFinished = Filters.and(Filters.in("_id", ids), Filters.in("status", finished));
    return tasks
        .deleteMany(also == null ? stillFinished : Filters.and(stillFinished, also))
        .getDeletedCount();
  }

  @Override
  public Optional<Task> transition(
      String id, Collection<TaskStatus> from, TaskStatus to, Bson... changes) {
    List<String> allowed = new ArrayList<>();
    for (TaskStatus status : from) {
      if (!status.canMoveTo(to)) {
        throw new IllegalStateException("a task cannot move from " + status + " to " + to);
      }
      allowed.add(status.name());
    }
    return move(id, Filters.and(Filters.eq("_id", id), Filters.in("status", allowed)), to, changes);
  }

  @Override
  public Optional<Task> enqueue(Task waiting) {
    Bson stillWaiting =
        Filters.and(Filters.eq("_id", waiting.id), Filters.eq("status", TaskStatus.WAITING.name()));
    return move(waiting.id, stillWaiting, TaskStatus.QUEUED, Optional.of(waiting));
  }

  @Override
  public Optional<Task> transitionLeased(String id, String token, TaskStatus to, Bson... changes) {
    if (!TaskStatus.RUNNING.canMoveTo(to)) {
      throw new IllegalStateException("a task cannot move from RUNNING to " + to);
    }
    synchronized (leasedWrites(id)) {
      return move(id, leased(id, token), to, changes);
    }
  }

  @Override
  public Optional<Task> requeueLeased(String id, String token, Bson... changes) {
    List<Bson> updates = new ArrayList<>(List.of(changes));
    // No new queuedAt: the task keeps its place in the queue.
    updates.add(Updates.set("status", TaskStatus.QUEUED.name()));
    synchronized (leasedWrites(id)) {
      return Optional.ofNullable(
          tasks.findOneAndUpdate(
              leased(id, token), stamped(updates, clock.instant()), returnAfter()));
    }
  }

  @Override
  public boolean updateLeased(String id, String token, Journal journal, Bson... changes) {
    synchronized (leasedWrites(id)) {
      return journal
              .on(tasks)
              .updateOne(leased(id, token), stamped(List.of(changes), clock.instant()))
              .getModifiedCount()
          == 1;
    }
  }

  /**
   * The lock this instance holds while it writes a leased task. A server that writes whole
   * documents (FerretDB 1.x) lets a lease renewal that read the task before its final transition
   * write RUNNING back over SUCCEEDED (seen in CI: the task then waited for lease recovery and lost
   * its log). The same instance's writes of one task therefore never overlap; other instances only
   * write it once its lease expired.
   */
  private Object leasedWrites(String id) {
    return leasedWriteStripes[Math.floorMod(id.hashCode(), leasedWriteStripes.length)];
  }

  private static Object[] stripes(int count) {
    Object[] stripes = new Object[count];
    for (int i = 0; i < count; i++) {
      stripes[i] = new Object();
    }
    return stripes;
  }

  @Override
  public Optional<Task> claimNext(
      String owner,
      Duration leaseDuration,
      Collection<String> capabilities,
      Collection<String> notHere,
      int gpuFreeMb,
      Collection<String> ownersAtCap) {
    Instant now = clock.instant();
    List<Bson> filter = new ArrayList<>();
    filter.add(Filters.eq("status", TaskStatus.QUEUED.name()));
    filter.add(Filters.or(Filters.eq("notBefore", null), Filters.lte("notBefore", now)));
    if (!capabilities.contains(GPU)) {
      filter.add(Filters.ne("needs", GPU));
    } else if (gpuFreeMb < Integer.MAX_VALUE) {
      // Only where GPUs are offered: other instances never see a task that declares GPU memory.
      filter.add(
          Filters.or(Filters.eq("gpuMemoryMb", null), Filters.lte("gpuMemoryMb", gpuFreeMb)));
    }
    if (!notHere.isEmpty()) {
      filter.add(Filters.nin("module", notHere));
    }
    if (!ownersAtCap.isEmpty()) {
      filter.add(Filters.nin("owner", ownersAtCap));
    }
    Task.Lease lease = new Task.Lease();
    lease.owner = owner;
    lease.token = UUID.randomUUID().toString();
    lease.expiresAt = now.plus(leaseDuration);
    Bson update =
        stamped(
            List.of(
                Updates.set("status", TaskStatus.RUNNING.name()),
                Updates.set("lease", lease),
                Updates.inc("attempt", 1),
                Updates.set("startedAt", now),
                Updates.set("progress", null)),
            now);
    // Not awaited on the disk: a claim a crash takes back leaves the task QUEUED with its attempt
    // uncounted, and every later write of the attempt names a lease token the database no longer
    // holds, so nothing of it counts. The attempt's awaited writes take the claim along.
    return Optional.ofNullable(
        claims.findOneAndUpdate(Filters.and(filter), update, returnAfter().sort(ClaimOrder.SORT)));
  }

  @Override
  public boolean renewLease(String id, String token, Instant expiresAt) {
    return updateLeased(id, token, Updates.set("lease.expiresAt", expiresAt));
  }

  @Override
  public void recordAttempt(String id, TaskStatus status, String log, Task.Attempt attempt) {
    tasks.updateOne(
        Filters.and(Filters.eq("_id", id), Filters.eq("status", status.name())),
        stamped(
            List.of(Updates.set("log", log), Updates.push("attempts", attempt)), clock.instant()));
  }

  private static Bson leased(String id, String token) {
    return Filters.and(
        Filters.eq("_id", id),
        Filters.eq("status", TaskStatus.RUNNING.name()),
        Filters.eq("lease.token", token));
  }

  /** {@code changes} plus what every write carries: the time and a new version. */
  private static Bson stamped(List<Bson> changes, Instant now) {
    List<Bson> updates = new ArrayList<>(changes);
    updates.add(Updates.set("updatedAt", now));
    updates.add(Updates.inc("version", 1L));
    return Updates.combine(updates);
  }

  private static FindOneAndUpdateOptions returnAfter() {
    return new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
  }

  private Optional<Task> move(String id, Bson filter, TaskStatus to, Bson... changes) {
    return move(id, filter, to, Optional.empty(), changes);
  }

  /**
   * {@code known}: the task as its caller read it, whose owner and priority (which never change)
   * give its fair key without reading it again.
   */
  private Optional<Task> move(
      String id, Bson filter, TaskStatus to, Optional<Task> known, Bson... changes) {
    Instant now = clock.instant();
    List<Bson> updates = new ArrayList<>(List.of(changes));
    updates.add(Updates.set("status", to.name()));
    if (to == TaskStatus.QUEUED) {
      updates.add(Updates.set("queuedAt", now));
      // Entering the queue (a promotion, or a counted retry: behind the owner's queued tasks, as
      // a new queue time puts it behind everyone's). A task gone meanwhile is not moved below.
      Optional<Task> current = known.isPresent() ? known : find(id);
      if (current.isEmpty()) {
        return Optional.empty();
      }
      updates.add(
          Updates.set("fairKey", fairKeys.next(current.get().owner, current.get().priority)));
    }
    if (to.isTerminal()) {
      updates.add(Updates.set("finishedAt", now));
      updates.add(Updates.set("lease", null));
    }
    return Optional.ofNullable(
        tasks.findOneAndUpdate(filter, stamped(updates, now), returnAfter()));
  }
}
