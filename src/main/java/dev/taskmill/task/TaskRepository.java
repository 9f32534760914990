package dev.taskmill.task;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import dev.taskmill.events.Events;
import dev.taskmill.mongo.Journal;
import dev.taskmill.paging.Paging;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.store.MongoTaskStore;
import dev.taskmill.task.store.TaskFilter;
import dev.taskmill.task.store.TaskSort;
import dev.taskmill.task.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.conversions.Bson;

/**
 * The service's {@link TaskStore}: the tasks in MongoDB ({@link MongoTaskStore}), and every change
 * of a task told to live listeners as a {@code task} event once it is stored.
 */
@ApplicationScoped
public class TaskRepository implements TaskStore {

  private final Events events;
  private final DelayedTasks delayed;
  private final MongoTaskStore store;

  TaskRepository(Clock clock, Events events, DelayedTasks delayed) {
    this.events = events;
    this.delayed = delayed;
    this.store = new MongoTaskStore(collection(), clock);
  }

  static MongoCollection<Task> collection() {
    return Task.mongoCollection();
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
    // Advisory: the attempt's end, or the next awaited write, takes it to the disk.
    boolean stored =
        updateLeased(task.id, token, Journal.DEFERRED, Updates.set("progress", progress));
    if (stored) {
      publish(task, TaskStatus.RUNNING, progress);
    }
    return stored;
  }

  @Override
  public Optional<Task> find(String id) {
    return store.find(id);
  }

  @Override
  public List<Task> findAll(Collection<String> ids) {
    return store.findAll(ids);
  }

  @Override
  public Set<String> existingIds(Collection<String> ids) {
    return store.existingIds(ids);
  }

  @Override
  public void insert(Task task) {
    store.insert(task);
    announceDelay(task);
    published(task);
  }

  /** The timer job learns of a delayed task at once instead of at its next safety read. */
  private void announceDelay(Task task) {
    if (task.status == TaskStatus.WAITING && task.notBefore != null) {
      delayed.stored();
    }
  }

  @Override
  public List<Task> findByStatus(TaskStatus status) {
    return store.findByStatus(status);
  }

  @Override
  public List<Task> failedBecause(String taskId) {
    return store.failedBecause(taskId);
  }

  @Override
  public Optional<Task> enqueue(Task waiting) {
    return store.enqueue(waiting).map(this::published);
  }

  @Override
  public Optional<Task> transition(
      String id, Collection<TaskStatus> from, TaskStatus to, Bson... changes) {
    return store.transition(id, from, to, changes).map(this::published);
  }

  @Override
  public Optional<Task> transitionLeased(String id, String token, TaskStatus to, Bson... changes) {
    return store.transitionLeased(id, token, to, changes).map(this::published);
  }

  @Override
  public Optional<Task> requeueLeased(String id, String token, Bson... changes) {
    return store.requeueLeased(id, token, changes).map(this::published);
  }

  @Override
  public boolean updateLeased(String id, String token, Journal journal, Bson... changes) {
    return store.updateLeased(id, token, journal, changes);
  }

  @Override
  public Optional<Task> claimNext(
      String owner,
      Duration leaseDuration,
      Collection<String> capabilities,
      Collection<String> notHere,
      int gpuFreeMb,
      Collection<String> ownersAtCap) {
    return store
        .claimNext(owner, leaseDuration, capabilities, notHere, gpuFreeMb, ownersAtCap)
        .map(this::published);
  }

  @Override
  public dev.taskmill.task.store.RunningCounts runningCounts() {
    return store.runningCounts();
  }

  @Override
  public dev.taskmill.task.store.Backlog backlog() {
    return store.backlog();
  }

  @Override
  public boolean renewLease(String id, String token, Instant expiresAt) {
    return store.renewLease(id, token, expiresAt);
  }

  @Override
  public void recordAttempt(String id, TaskStatus status, String log, Task.Attempt attempt) {
    store.recordAttempt(id, status, log, attempt);
  }

  @Override
  public List<Task> findExpiredLeases() {
    return store.findExpiredLeases();
  }

  @Override
  public List<Task> findDueTimers() {
    return store.findDueTimers();
  }

  @Override
  public Optional<Instant> nextNotBefore(TaskStatus status) {
    return store.nextNotBefore(status);
  }

  @Override
  public Map<TaskStatus, Long> countByStatus(String owner) {
    return store.countByStatus(owner);
  }

  @Override
  public List<Task> running(String owner, int limit) {
    return store.running(owner, limit);
  }

  @Override
  public List<Task> planned(String owner, int limit) {
    return store.planned(owner, limit);
  }

  @Override
  public List<Task> queue(int limit) {
    return store.queue(limit);
  }

  @Override
  public List<Task> finished(Collection<TaskStatus> statuses, String owner, int limit) {
    return store.finished(statuses, owner, limit);
  }

  @Override
  public List<Task> endedSince(TaskStatus status, Instant since, Collection<String> owners) {
    return store.endedSince(status, since, owners);
  }

  @Override
  public List<Task> succeededWithReuseKey(String reuseKey, String owner, int limit) {
    return store.succeededWithReuseKey(reuseKey, owner, limit);
  }

  @Override
  public Paging.Page<Task> list(TaskFilter filter, TaskSort sort, Paging paging) {
    return store.list(filter, sort, paging);
  }

  @Override
  public List<String> ids(TaskFilter filter, int limit) {
    return store.ids(filter, limit);
  }

  // --- batch create (TaskBatch): kept together at the end so the store's rewrite merges cleanly.

  @Override
  public void insertAll(List<Task> tasks) {
    store.insertAll(tasks);
    tasks.forEach(this::announceDelay);
    tasks.forEach(this::published);
  }

  @Override
  public void deleteAll(Collection<String> ids) {
    store.deleteAll(ids);
  }

  // --- retention (the retention sweep): deletes finished tasks past their expiresAt.

  @Override
  public List<String> expired(TaskStatus status, Instant now, int limit) {
    return store.expired(status, now, limit);
  }

  @Override
  public long deleteExpired(Collection<String> ids, Instant now) {
    return store.deleteExpired(ids, now);
  }

  @Override
  public long deleteFinished(Collection<String> ids) {
    return store.deleteFinished(ids);
  }
}
