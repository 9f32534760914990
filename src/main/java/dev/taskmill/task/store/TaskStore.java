package dev.taskmill.task.store;

import dev.taskmill.mongo.Journal;
import dev.taskmill.paging.Paging;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.conversions.Bson;

/**
 * Where tasks live and how their status moves. Every change is conditional: on the status the
 * caller expects, or, for a RUNNING task, on the lease token it holds; a change whose condition no
 * longer holds changes nothing and answers empty (or false). {@code TaskStoreContract} lists what
 * every implementation must do.
 */
public interface TaskStore {

  /** The capability a module with {@code gpu=True} needs. */
  String GPU = "gpu";

  Optional<Task> find(String id);

  List<Task> findAll(Collection<String> ids);

  /** Which of {@code ids} are tasks (reads ids only). */
  Set<String> existingIds(Collection<String> ids);

  /** Stores a new task as it is (its status included). */
  void insert(Task task);

  /** Stores several new tasks in one round trip (a batch). */
  void insertAll(List<Task> tasks);

  /** Deletes tasks by id: the undo of a batch that could not be stored whole. */
  void deleteAll(Collection<String> ids);

  /**
   * The ids of at most {@code limit} tasks that ended in {@code status} and expired before {@code
   * now}, the first to expire first (the retention sweep; on the (status, expiresAt) index).
   */
  List<String> expired(TaskStatus status, Instant now, int limit);

  /**
   * Deletes those of {@code ids} that are still finished and expired before {@code now}: a task
   * retried meanwhile stays.
   *
   * @return how many were deleted
   */
  long deleteExpired(Collection<String> ids, Instant now);

  /**
   * Deletes those of {@code ids} that are still finished (a client's delete), with the same
   * conditional delete as {@link #deleteExpired}: a task retried meanwhile stays.
   *
   * @return how many were deleted
   */
  long deleteFinished(Collection<String> ids);

  /** Tasks in {@code status}, oldest first. */
  List<Task> findByStatus(TaskStatus status);

  /** The FAILED tasks that failed because {@code taskId} failed. */
  List<Task> failedBecause(String taskId);

  /**
   * Moves a task from one of {@code from} to {@code to} with {@code changes} in the same write.
   *
   * @return the task after the change, or empty when it was in none of {@code from}
   * @throws IllegalStateException when one of {@code from} may never move to {@code to}
   */
  Optional<Task> transition(String id, Collection<TaskStatus> from, TaskStatus to, Bson... changes);

  /** Moves a RUNNING task on, only while {@code token} is still its lease. */
  Optional<Task> transitionLeased(String id, String token, TaskStatus to, Bson... changes);

  /**
   * Puts a RUNNING task held with {@code token} back into the queue at the place it had: its first
   * queue time stays, so it runs before the tasks queued after it.
   */
  Optional<Task> requeueLeased(String id, String token, Bson... changes);

  /**
   * Moves {@code waiting}, as the caller read it, from WAITING into the queue (its inputs became
   * AVAILABLE); empty when it is no longer WAITING. Like {@link #transition} to QUEUED, without
   * reading the task again.
   */
  default Optional<Task> enqueue(Task waiting) {
    return transition(waiting.id, List.of(TaskStatus.WAITING), TaskStatus.QUEUED);
  }

  /** Applies {@code changes} to a RUNNING task while {@code token} is its lease. */
  default boolean updateLeased(String id, String token, Bson... changes) {
    return updateLeased(id, token, Journal.AWAITED, changes);
  }

  /**
   * {@link #updateLeased(String, String, Bson...)}, waiting for the disk as {@code journal} says:
   * what the attempt's awaited end takes along (its publication, its progress) need not wait.
   */
  boolean updateLeased(String id, String token, Journal journal, Bson... changes);

  /**
   * Claims the QUEUED task due first in {@link ClaimOrder}: highest priority, then users in turn,
   * then the longest queued. It becomes RUNNING under a new lease held by {@code owner} until
   * {@code leaseDuration} from now. Tasks needing a capability not in {@code capabilities}, tasks
   * of the modules in {@code notHere}, tasks that need more GPU memory than {@code gpuFreeMb} (what
   * the roomiest GPU here has free now), and tasks of the users in {@code ownersAtCap} (user ids),
   * stay for other instances or for later.
   */
  Optional<Task> claimNext(
      String owner,
      Duration leaseDuration,
      Collection<String> capabilities,
      Collection<String> notHere,
      int gpuFreeMb,
      Collection<String> ownersAtCap);

  /** Like the above, every user welcome. */
  default Optional<Task> claimNext(
      String owner,
      Duration leaseDuration,
      Collection<String> capabilities,
      Collection<String> notHere,
      int gpuFreeMb) {
    return claimNext(owner, leaseDuration, capabilities, notHere, gpuFreeMb, List.of());
  }

  /**
   * Like the above, for an instance that offers {@code gpu} without declaring its devices' memory:
   * a task that declares GPU memory ({@code Task.gpuMemoryMb}) is not held back for it.
   */
  default Optional<Task> claimNext(
      String owner,
      Duration leaseDuration,
      Collection<String> capabilities,
      Collection<String> notHere) {
    return claimNext(owner, leaseDuration, capabilities, notHere, Integer.MAX_VALUE);
  }

  /** Like the above, with every module welcome. */
  default Optional<Task> claimNext(
      String owner, Duration leaseDuration, Collection<String> capabilities) {
    return claimNext(owner, leaseDuration, capabilities, List.of());
  }

  /** Moves the lease {@code token} of a RUNNING task to {@code expiresAt}; false if not held. */
  boolean renewLease(String id, String token, Instant expiresAt);

  /** Appends an attempt and its log to a task that is still in {@code status}. */
  void recordAttempt(String id, TaskStatus status, String log, Task.Attempt attempt);

  /** RUNNING tasks whose lease ran out (their instance died or hangs). */
  List<Task> findExpiredLeases();

  /** WAITING tasks whose delay ({@code notBefore}) is over. */
  List<Task> findDueTimers();

  /**
   * The earliest {@code notBefore} still ahead among the tasks in {@code status}, or empty when
   * none is: when the first QUEUED task's backoff ends (how long a dispatcher with nothing to claim
   * may sleep), or the first WAITING task's delay (how long the timer job may skip its read).
   */
  Optional<Instant> nextNotBefore(TaskStatus status);

  /** Tasks of {@code owner} by status, every status present; every task when owner is null. */
  Map<TaskStatus, Long> countByStatus(String owner);

  /** How many tasks are RUNNING, per module and per owner (the concurrency caps count them). */
  RunningCounts runningCounts();

  /**
   * The QUEUED and RUNNING tasks by module and label set, read in one pass (what the per-pool
   * metrics show and an autoscaler scales on).
   */
  Backlog backlog();

  /** RUNNING tasks of {@code owner} (null: everyone's), oldest start first. */
  List<Task> running(String owner, int limit);

  /**
   * QUEUED tasks of {@code owner} (null: everyone's) in the order they will be claimed, then
   * delayed WAITING tasks by due time.
   */
  List<Task> planned(String owner, int limit);

  /**
   * The first {@code limit} QUEUED tasks of everyone in the order they will be claimed ({@link
   * ClaimOrder}), with their id, module, owner, needs, notBefore and the order's fields only: the
   * queue ahead that an estimate of a start time walks.
   */
  List<Task> queue(int limit);

  /**
   * Tasks of {@code owner} (null: everyone's) finished in one of {@code statuses}, newest first.
   */
  List<Task> finished(Collection<TaskStatus> statuses, String owner, int limit);

  /**
   * Every task of {@code owners} that ended in {@code status} at or after {@code since} (the
   * webhooks' sweep; on the (status, finishedAt) index).
   */
  List<Task> endedSince(TaskStatus status, Instant since, Collection<String> owners);

  /**
   * At most {@code limit} SUCCEEDED tasks of {@code owner} whose result carries {@code reuseKey},
   * the latest finished first (result reuse; on the reuseKey index).
   */
  List<Task> succeededWithReuseKey(String reuseKey, String owner, int limit);

  /** This page of the tasks matching {@code filter}, newest first, with how many match. */
  default Paging.Page<Task> list(TaskFilter filter, Paging paging) {
    return list(filter, TaskSort.NEWEST_FIRST, paging);
  }

  /**
   * This page of the tasks matching {@code filter} in {@code sort}'s order, with how many match.
   */
  Paging.Page<Task> list(TaskFilter filter, TaskSort sort, Paging paging);

  /** The ids of at most {@code limit} tasks matching {@code filter}, newest first. */
  List<String> ids(TaskFilter filter, int limit);
}
