package dev.taskmill.task.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Gives a task entering the queue its {@link Task#fairKey}: start-time fair queuing between users
 * at one priority. The key is {@code max(V, L + 1)}, where {@code L} is the largest key among the
 * owner's QUEUED and RUNNING tasks at that priority and {@code V}, the queue's virtual time, is the
 * largest key among the RUNNING tasks at that priority (what was claimed last), or else the
 * smallest QUEUED one. A user who queues 10,000 tasks gets keys V..V+9,999; another user's one task
 * then gets V and runs next. At most three reads on indexes, no state kept beside the tasks;
 * docs/decisions.md ("Fairness") says why and what races between instances do (two creates of one
 * user may share a key: a tie, broken by queue time).
 *
 * <p>The reads cost about as much as the rest of a create, so an owner's keys at a priority are
 * handed out from memory for {@link #FRESH_FOR} after a read: the next is one past the last given.
 * Meanwhile claims move the virtual time on unseen, so for at most that long a user's new tasks may
 * get keys behind it, i.e. a head start of at most a second's worth of their own creates.
 */
final class FairKeys {

  private static final String KEY = "fairKey";
  private static final String OWNER = "owner";

  /** How long keys are given from memory after a read of the tasks. */
  static final long FRESH_FOR_NANOS = 1_000_000_000L;

  /** Turns remembered at most; past it all are forgotten (each is read again once). */
  private static final int MAX_TURNS = 10_000;

  private final MongoCollection<Document> tasks;

  /** An owner's turn at a priority: the last key given, and when it was read. */
  private record Given(long key, long readAt) {}

  private final Map<List<Object>, Given> given = new HashMap<>();

  FairKeys(MongoCollection<Task> tasks) {
    this.tasks = tasks.withDocumentClass(Document.class);
  }

  /** Sets the keys of the QUEUED tasks among {@code batch} that have none, per owner in order. */
  void assign(List<Task> batch) {
    Map<List<Object>, List<Task>> turns = new LinkedHashMap<>();
    for (Task task : batch) {
      if (task.status == TaskStatus.QUEUED && task.fairKey == null) {
        turns.computeIfAbsent(turn(task.owner, task.priority), t -> new ArrayList<>()).add(task);
      }
    }
    turns.forEach(
        (turn, tasks) -> {
          long key = reserve(turn, tasks.size());
          for (Task task : tasks) {
            task.fairKey = key++;
          }
        });
  }

  /** The key a task of {@code owner} at {@code priority} gets when it enters the queue now. */
  long next(String owner, int priority) {
    return reserve(turn(owner, priority), 1);
  }

  private static List<Object> turn(String owner, int priority) {
    return Arrays.asList(owner, priority);
  }

  /** The first of {@code count} consecutive keys for {@code turn}, from memory while fresh. */
  private synchronized long reserve(List<Object> turn, int count) {
    long now = System.nanoTime();
    Given last = given.get(turn);
    long first;
    long readAt;
    if (last != null && now - last.readAt() < FRESH_FOR_NANOS) {
      first = last.key() + 1;
      readAt = last.readAt();
    } else {
      first = read((String) turn.get(0), (Integer) turn.get(1));
      readAt = now;
      if (given.size() >= MAX_TURNS) {
        given.clear();
      }
    }
    given.put(turn, new Given(first + count - 1, readAt));
    return first;
  }

  /** The key the store's tasks give the next task of {@code owner} at {@code priority}. */
  private long read(String owner, int priority) {
    // The RUNNING tasks at this priority are few (the slots of all instances): read whole, they
    // give both the virtual time and whether the owner's last turn was already claimed.
    long lastClaimed = -1;
    long ownersLastClaimed = -1;
    for (Document running :
        tasks.find(at(TaskStatus.RUNNING, priority)).projection(Projections.include(OWNER, KEY))) {
      long key = key(running);
      lastClaimed = Math.max(lastClaimed, key);
      if (owner != null && owner.equals(running.getString(OWNER))) {
        ownersLastClaimed = Math.max(ownersLastClaimed, key);
      }
    }
    long now = lastClaimed >= 0 ? lastClaimed : head(priority);
    Long queued =
        first(
            Filters.and(Filters.eq(OWNER, owner), at(TaskStatus.QUEUED, priority)),
            Sorts.descending(KEY));
    long last = Math.max(queued == null ? -1 : queued, ownersLastClaimed);
    return Math.max(now, last + 1);
  }

  /** The smallest key in the queue at {@code priority}; 0 when it is empty. */
  private long head(int priority) {
    Long head = first(at(TaskStatus.QUEUED, priority), Sorts.ascending(KEY));
    return head == null ? 0 : head;
  }

  private static Bson at(TaskStatus status, int priority) {
    return Filters.and(Filters.eq("status", status.name()), Filters.eq("priority", priority));
  }

  /** The first key in {@code order} among the tasks matching {@code filter}; null: none. */
  private Long first(Bson filter, Bson order) {
    Document first =
        tasks.find(filter).projection(Projections.include(KEY)).sort(order).limit(1).first();
    return first == null ? null : key(first);
  }

  /** A task's key; one queued before keys existed has none and counts as 0. */
  private static long key(Document task) {
    Number key = task.get(KEY, Number.class);
    return key == null ? 0L : key.longValue();
  }
}
