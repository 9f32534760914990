package dev.taskmill.remote;

import dev.taskmill.failure.Conflict;
import dev.taskmill.failure.NotFound;
import dev.taskmill.instance.RemoteInstances;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether a remote worker holds the lease it names. A task the worker never claimed under that
 * token is not found (404, as another user's item: its existence does not leak); one it claimed but
 * lost (the lease expired, a client cancelled, the attempt was settled) is a conflict (409) that
 * tells the worker to drop it.
 */
@ApplicationScoped
public class LeasedTasks {

  /** A task held under a lease, with the record of its remote attempt and its worker. */
  public record Held(Task task, RemoteAttempts.Attempt attempt, RemoteInstances.Worker worker) {}

  private final TaskRepository tasks;
  private final RemoteAttempts attempts;
  private final RemoteInstances instances;

  LeasedTasks(TaskRepository tasks, RemoteAttempts attempts, RemoteInstances instances) {
    this.tasks = tasks;
    this.attempts = attempts;
    this.instances = instances;
  }

  /** Why a worker no longer holds a task's lease, in words it can log. */
  static String lostBecause(Task task) {
    if (task == null) {
      return "the task was deleted";
    }
    if (task.status == TaskStatus.CANCELLED) {
      return "the task was cancelled by a client";
    }
    if (task.status == TaskStatus.RUNNING) {
      return "the lease expired and another attempt holds the task now";
    }
    return "the lease expired or the attempt ended; the task is " + task.status;
  }

  /**
   * The attempt of {@code taskId} claimed under {@code token} by a worker of the key {@code keyId},
   * and the task as it is now (null when deleted), whether or not the lease still holds.
   *
   * @throws NotFound when no worker of this key claimed it under this token
   */
  public Held claimed(String keyId, String taskId, String token) {
    RemoteAttempts.Attempt attempt =
        attempts.find(token, taskId).orElseThrow(() -> notYours(taskId));
    RemoteInstances.Worker worker =
        instances
            .find(attempt.workerId())
            .filter(w -> w.keyId().equals(keyId))
            .orElseThrow(() -> notYours(taskId));
    return new Held(tasks.find(taskId).orElse(null), attempt, worker);
  }

  /**
   * The task {@code taskId} as a worker of the key {@code keyId} holds it under {@code token} now.
   *
   * @throws NotFound when the worker never claimed it under this token
   * @throws Conflict when it did but lost the lease
   */
  public Held held(String keyId, String taskId, String token) {
    Held held = claimed(keyId, taskId, token);
    if (!holds(held.task(), held.worker(), token)) {
      throw new Conflict(
          "Task " + taskId + " is no longer yours: " + lostBecause(held.task()) + ". Drop it.");
    }
    return held;
  }

  /** Like {@link #held}, but a lease not held now is not found either: nothing to read then. */
  public Task readable(String keyId, String taskId, String token) {
    Held held = claimed(keyId, taskId, token);
    if (!holds(held.task(), held.worker(), token)) {
      throw notYours(taskId);
    }
    return held.task();
  }

  static boolean holds(Task task, RemoteInstances.Worker worker, String token) {
    return task != null
        && task.status == TaskStatus.RUNNING
        && task.lease != null
        && token != null
        && token.equals(task.lease.token)
        && worker.id().equals(task.lease.owner);
  }

  private static NotFound notYours(String taskId) {
    return new NotFound(
        "No task '"
            + taskId
            + "' is leased to this worker under this token (send the lease token of the claim in"
            + " the Taskmill-Lease header).");
  }
}
