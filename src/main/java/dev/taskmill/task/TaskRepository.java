package dev.taskmill.task;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.taskmill.events.Events;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Reads tasks and changes their status, every change one conditional {@code findOneAndUpdate} with
 * the expected status (and, for a running task, its lease token) in the filter.
 */
@ApplicationScoped
public class TaskRepository {

  private static final Logger LOG = Logger.getLogger(TaskRepository.class);
  private final Clock clock;
  private final Events events;
  private final TaskQueue queue;
  private final TaskLeases leases;
  private final TaskTimers timers;
  private final TaskCounts counts;
  private final TaskRecent recent;

  TaskRepository(
      Clock clock,
      Events events,
      TaskQueue queue,
      TaskLeases leases,
      TaskTimers timers,
      TaskCounts counts,
      TaskRecent recent) {
    this.clock = clock;
    this.events = events;
    this.queue = queue;
    this.leases = leases;
    this.timers = timers;
    this.counts = counts;
    this.recent = recent;
  }

  /** Tells live listeners what became of {@code task}; returns it. */
  Task published(Task task) {
    if (task != null) {
      publish(task, task.status, task.progress);
    }
    return task;
  }

  private void publish(Task task, TaskStatus status, Task.Progress progress) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("status", status);
    data.put("module", task.module);
    data.put("label", task.label);
    data.put("attempt", task.attempt);
    if (task.pipelineId != null) {
      data.put("pipelineId", task.pipelineId);
    }
    if (progress != null) {
      data.put(
          "progress",
          Map.of("fraction", progress.fraction, "message", String.valueOf(progress.message)));
    }
    events.publish("task", task.id, task.owner, data);
  }

  /**
   * Stores the progress of a task running under lease {@code token} and, when stored, sends it to
   * live listeners as a {@code task} event (status RUNNING), so dashboards move their bars without
   * reloading. The runner calls this at most four times a second per task.
   */
  public boolean progressed(Task task, String token, Task.Progress progress) {
    boolean stored = updateLeased(task.id, token, Updates.set("progress", progress));
    if (stored) {
      publish(task, TaskStatus.RUNNING, progress);
    }
    return stored;
  }

  static MongoCollection<Task> collection() {
    return Task.mongoCollection();
  }

  public Optional<Task> find(String id) {
    return Optional.ofNullable(collection().find(Filters.eq("_id", id)).first());
  }

  public List<Task> findAll(Collection<String> ids) {
    return collection().find(Filters.in("_id", ids)).into(new ArrayList<>());
  }

  /** Which of {@code ids} are tasks (reads ids only). */
  public Set<String> existingIds(Collection<String> ids) {
    Set<String> found = new HashSet<>();
    if (!ids.isEmpty()) {
      collection()
          .withDocumentClass(Document.class)
          .find(Filters.in("_id", ids))
          .projection(Projections.include("_id"))
          .forEach(doc -> found.add(doc.getString("_id")));
    }
    return found;
  }

  public void insert(Task task) {
    task.updatedAt = clock.instant();
    collection().insertOne(task);
    counts.created(task.owner, task.status);
    if (task.status == TaskStatus.QUEUED) {
      queue.add(task);
    } else if (task.status == TaskStatus.RUNNING && task.lease != null) {
      leases.put(task.id, task.lease);
    } else if (task.status == TaskStatus.WAITING && task.notBefore != null) {
      timers.set(task.id, task.notBefore);
    }
    published(task);
  }

  /** Tasks in {@code status}, oldest first. */
  public List<Task> findByStatus(TaskStatus status) {
    return collection()
        .find(Filters.eq("status", status.name()))
        .sort(Sorts.ascending("createdAt"))
        .into(new ArrayList<>());
  }

  /** The tasks that failed because {@code taskId} failed. */
  public List<Task> failedBecause(String taskId) {
    return collection()
        .find(Filters.and(Filters.eq("failedBecause", taskId), Filters.eq("status", "FAILED")))
        .into(new ArrayList<>());
  }

  /**
   * Moves a task from one of {@code from} to {@code to} with {@code changes} in the same update.
   *
   * @return the task after the change, or empty when it was in none of {@code from}
   */
  public Optional<Task> transition(
      String id, Collection<TaskStatus> from, TaskStatus to, Bson... changes) {
    List<String> allowed = new ArrayList<>();
    for (TaskStatus status : from) {
      if (!status.canMoveTo(to)) {
        throw new IllegalStateException("a task cannot move from " + status + " to " + to);
      }
      allowed.add(status.name());
    }
    return update(Filters.and(Filters.eq("_id", id), Filters.in("status", allowed)), to, changes);
  }

  /** Moves a RUNNING task on, only while {@code token} is still its lease. */
  public Optional<Task> transitionLeased(String id, String token, TaskStatus to, Bson... changes) {
    if (!TaskStatus.RUNNING.canMoveTo(to)) {
      throw new IllegalStateException("a task cannot move from RUNNING to " + to);
    }
    synchronized (leasedWrites(id)) {
      return update(leased(id, token), to, changes);
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

  private final Object[] leasedWriteStripes = stripes(64);

  private static Object[] stripes(int count) {
    Object[] stripes = new Object[count];
    for (int i = 0; i < count; i++) {
      stripes[i] = new Object();
    }
    return stripes;
  }

  /**
   * Puts a RUNNING task whose attempt was interrupted (its instance died or shut down) back into
   * the queue at the place it had: its first queue time stays, so it runs before tasks queued after
   * it instead of waiting behind them all.
   */
  public Optional<Task> requeueLeased(String id, String token, Bson... changes) {
    synchronized (leasedWrites(id)) {
      return update(leased(id, token), TaskStatus.QUEUED, false, changes);
    }
  }

  /**
   * Claims the next QUEUED task due now: highest priority first, then the longest queued. It
   * becomes RUNNING under a new lease held by {@code owner}. The queue entry is taken atomically;
   * an entry whose task is no longer QUEUED (cancelled meanwhile) is skipped.
   */
  public Optional<Task> claimNext(
      String owner, Duration leaseDuration, Collection<String> capabilities) {
    return claimNext(owner, leaseDuration, capabilities, List.of());
  }

  /** Like the above, leaving the tasks of the modules in {@code notHere} to other instances. */
  public Optional<Task> claimNext(
      String owner,
      Duration leaseDuration,
      Collection<String> capabilities,
      Collection<String> notHere) {
    while (true) {
      Instant now = clock.instant();
      Optional<String> next = queue.take(now, capabilities, notHere);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      Task.Lease lease = new Task.Lease();
      lease.owner = owner;
      lease.token = UUID.randomUUID().toString();
      lease.expiresAt = now.plus(leaseDuration);
      Optional<Task> claimed =
          transition(
              next.get(),
              List.of(TaskStatus.QUEUED),
              TaskStatus.RUNNING,
              Updates.set("lease", lease),
              Updates.inc("attempt", 1),
              Updates.set("startedAt", now),
              Updates.set("progress", null));
      if (claimed.isPresent()) {
        leases.put(claimed.get().id, lease);
        return claimed;
      }
    }
  }

  /** Renews the lease {@code token} of a task running here until {@code expiresAt}. */
  public void renewLease(String id, String token, Instant expiresAt) {
    if (updateLeased(id, token, Updates.set("lease.expiresAt", expiresAt))) {
      leases.renew(id, token, expiresAt);
    }
  }

  /** Applies {@code changes} to a RUNNING task while {@code token} is its lease. */
  public boolean updateLeased(String id, String token, Bson... changes) {
    List<Bson> updates = new ArrayList<>(List.of(changes));
    updates.add(Updates.set("updatedAt", clock.instant()));
    synchronized (leasedWrites(id)) {
      return collection().updateOne(leased(id, token), Updates.combine(updates)).getModifiedCount()
          == 1;
    }
  }

  /** Appends an attempt and its log to a task that is still in {@code status}. */
  public void recordAttempt(String id, TaskStatus status, String log, Task.Attempt attempt) {
    collection()
        .updateOne(
            Filters.and(Filters.eq("_id", id), Filters.eq("status", status.name())),
            Updates.combine(Updates.set("log", log), Updates.push("attempts", attempt)));
  }

  /** RUNNING tasks whose lease ran out (their instance died or hangs). */
  public List<Task> findExpiredLeases() {
    Instant now = clock.instant();
    List<String> ids = leases.expired(now);
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Task> expired = new ArrayList<>();
    for (Task task : findAll(ids)) {
      if (task.status == TaskStatus.RUNNING
          && task.lease != null
          && task.lease.expiresAt.isBefore(now)) {
        expired.add(task);
      } else if (task.status != TaskStatus.RUNNING) {
        leases.remove(task.id);
      }
    }
    return expired;
  }

  /**
   * Puts back queue entries and lease records that a crash between two writes lost: every QUEUED
   * task gets its queue entry, every RUNNING task its lease record. Reads the whole collection, so
   * it runs at start-up and rarely after.
   */
  public void repairIndexes() {
    for (Task task :
        collection()
            .find(
                Filters.in(
                    "status", List.of(TaskStatus.QUEUED.name(), TaskStatus.RUNNING.name())))) {
      if (task.status == TaskStatus.QUEUED && !queue.contains(task.id)) {
        queue.add(task);
      } else if (task.status == TaskStatus.RUNNING && task.lease != null) {
        leases.put(task.id, task.lease);
      }
    }
  }

  private static Bson leased(String id, String token) {
    return Filters.and(
        Filters.eq("_id", id),
        Filters.eq("status", TaskStatus.RUNNING.name()),
        Filters.eq("lease.token", token));
  }

  private Optional<Task> update(Bson filter, TaskStatus to, Bson... changes) {
    return update(filter, to, true, changes);
  }

  private Optional<Task> update(Bson filter, TaskStatus to, boolean newQueueTime, Bson... changes) {
    Instant now = clock.instant();
    List<Bson> updates = new ArrayList<>(List.of(changes));
    updates.add(Updates.set("status", to.name()));
    updates.add(Updates.set("updatedAt", now));
    if (to == TaskStatus.QUEUED && newQueueTime) {
      updates.add(Updates.set("queuedAt", now));
    }
    if (to.isTerminal()) {
      updates.add(Updates.set("finishedAt", now));
      updates.add(Updates.set("lease", null));
    }
    // BEFORE, to know which counter to move; the result is then read by id (cheap).
    Task before =
        collection()
            .findOneAndUpdate(
                filter,
                Updates.combine(updates),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
    Task after = before == null ? null : find(before.id).orElse(null);
    if (after != null) {
      try {
        counts.moved(before.owner, before.status, to);
      } catch (RuntimeException e) {
        // Counters are for dashboards and the recount job repairs them; the queue, timer and
        // recent entries below are what keeps the task moving, so they must not be skipped.
        LOG.warnf(
            "task %s: status counters not moved (%s); the recount repairs them", before.id, e);
      }
      if (to.isTerminal()) {
        recent.finished(after);
      } else if (to == TaskStatus.WAITING) {
        recent.reopened(after.id);
      }
      if (to == TaskStatus.QUEUED) {
        queue.add(after);
      }
      if (to != TaskStatus.RUNNING) {
        leases.remove(after.id);
      }
      if (to != TaskStatus.WAITING) {
        timers.remove(after.id);
      }
    }
    return Optional.ofNullable(published(after));
  }

  // --- batch create (TaskBatch): kept together at the end so the store's rewrite merges cleanly.

  /**
   * Inserts several new tasks in one round trip (a batch), then does for each what {@link #insert}
   * does after its insert.
   */
  public void insertAll(List<Task> tasks) {
    if (tasks.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    tasks.forEach(task -> task.updatedAt = now);
    collection().insertMany(tasks);
    // One counter write per owner and status, not two per task.
    record Created(String owner, TaskStatus status) {}
    Map<Created, Long> created = new LinkedHashMap<>();
    tasks.forEach(task -> created.merge(new Created(task.owner, task.status), 1L, Long::sum));
    created.forEach((key, n) -> counts.created(key.owner(), key.status(), n));
    for (Task task : tasks) {
      if (task.status == TaskStatus.QUEUED) {
        queue.add(task);
      } else if (task.status == TaskStatus.RUNNING && task.lease != null) {
        leases.put(task.id, task.lease);
      } else if (task.status == TaskStatus.WAITING && task.notBefore != null) {
        timers.set(task.id, task.notBefore);
      }
      published(task);
    }
  }

  /**
   * Deletes tasks that a failed batch inserted, with their queue and timer entries. Their status
   * counters are put right by the periodic recount.
   */
  public void deleteAll(Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    Bson byId = Filters.in("_id", ids);
    collection().deleteMany(byId);
    TaskQueue.collection().deleteMany(byId);
    TaskTimers.collection().deleteMany(byId);
  }
}
