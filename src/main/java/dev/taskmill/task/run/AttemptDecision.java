package dev.taskmill.task.run;

import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import java.time.Duration;

/**
 * What follows an attempt's end, decided as pure code from the task and the outcome; {@link
 * AttemptSettler} applies it to the store. Kept apart so every rule (which status, counted or not,
 * how long to wait) is tested without a database.
 *
 * @param move what becomes of the task
 * @param counted whether the attempt counts against {@code maxAttempts}
 * @param delay how long the task waits before it may be claimed again (zero: at once)
 * @param error the task's error message afterwards (null: left as it is)
 * @param exitCode the exit code to record, or null
 * @param logTail the log kept with the error, or null
 * @param message the attempt record's message, or null
 */
public record AttemptDecision(
    Move move,
    boolean counted,
    Duration delay,
    String error,
    Integer exitCode,
    String logTail,
    String message) {

  /** How much of the log is kept with the task's error. */
  private static final int LOG_TAIL_CHARS = 4000;

  /** What becomes of the task. */
  public enum Move {
    /** Publish the committed result (a run's or a reused one), then SUCCEEDED. */
    SUCCEED(TaskStatus.SUCCEEDED),
    /** Back to the queue as a new counted attempt, after a backoff. */
    RETRY(TaskStatus.QUEUED),
    /** Lost: back to the queue at its old place after a backoff, not counted. */
    RERUN(TaskStatus.QUEUED),
    /** Handed back at shutdown: back to the queue at its old place at once, not counted. */
    HAND_BACK(TaskStatus.QUEUED),
    /** FAILED for good: its outputs first, then the task, then its dependants. */
    FAIL(TaskStatus.FAILED),
    /** Already CANCELLED by a client: only the attempt and its log are recorded. */
    RECORD(TaskStatus.CANCELLED);

    /** The status the task has afterwards. */
    public final TaskStatus status;

    Move(TaskStatus status) {
      this.status = status;
    }
  }

  /**
   * Decides what follows {@code outcome} for {@code task} (as it was claimed) under {@code policy}.
   */
  public static AttemptDecision decide(Task task, AttemptOutcome outcome, RetryPolicy policy) {
    if (outcome instanceof AttemptOutcome.Succeeded s) {
      return new AttemptDecision(
          Move.SUCCEED, true, Duration.ZERO, null, s.exitCode(), null, s.message());
    }
    if (outcome instanceof AttemptOutcome.Reused r) {
      return new AttemptDecision(
          Move.SUCCEED,
          true,
          Duration.ZERO,
          null,
          null,
          null,
          "reused the result of task " + r.from() + " instead of running the module");
    }
    if (outcome instanceof AttemptOutcome.Failed f) {
      return moduleFailure(task, policy, f.retryable(), f.message(), f.exitCode(), f.logTail());
    }
    if (outcome instanceof AttemptOutcome.TimedOut t) {
      return moduleFailure(task, policy, true, t.message(), null, t.logTail());
    }
    if (outcome instanceof AttemptOutcome.Cancelled) {
      return new AttemptDecision(
          Move.RECORD, true, Duration.ZERO, null, null, null, "cancelled by a client");
    }
    if (outcome instanceof AttemptOutcome.Lost lost) {
      return lost(task, policy, lost.reason());
    }
    if (outcome instanceof AttemptOutcome.HandedBack) {
      return new AttemptDecision(
          Move.HAND_BACK, false, Duration.ZERO, null, null, null, "its instance shut down");
    }
    throw new IllegalArgumentException("unknown outcome " + outcome);
  }

  /** A failure of the module (or of the task's own setup): counted, retried while it may be. */
  private static AttemptDecision moduleFailure(
      Task task,
      RetryPolicy policy,
      boolean retryable,
      String message,
      Integer exitCode,
      String logTail) {
    String tail = tail(logTail);
    if (retryable && policy.retries(task.attempt, task.maxAttempts)) {
      Duration wait = policy.backoff(task.attempt);
      return new AttemptDecision(Move.RETRY, true, wait, message, exitCode, tail, message);
    }
    return new AttemptDecision(Move.FAIL, true, Duration.ZERO, message, exitCode, tail, message);
  }

  /**
   * Lost to the infrastructure: run again without counting, after a backoff that grows with each
   * loss, so a task that takes its instance down every time does not do so in a tight loop; past
   * the cap it FAILS instead of running for ever.
   */
  private static AttemptDecision lost(Task task, RetryPolicy policy, String reason) {
    if (policy.rerunsLost(task.infrastructureRetries)) {
      Duration wait = policy.backoff(task.infrastructureRetries + 1);
      return new AttemptDecision(Move.RERUN, false, wait, reason, null, null, reason);
    }
    int cap = policy.maxInfrastructureRetries();
    String error =
        "its attempts were lost to the infrastructure "
            + (cap + 1)
            + " times (taskmill.tasks.max-infrastructure-retries is "
            + cap
            + "); the last: "
            + reason;
    return new AttemptDecision(Move.FAIL, false, Duration.ZERO, error, null, null, reason);
  }

  /** The end of a log, short enough to keep with the task's error. */
  static String tail(String log) {
    if (log == null) {
      return null;
    }
    return log.length() <= LOG_TAIL_CHARS ? log : log.substring(log.length() - LOG_TAIL_CHARS);
  }
}
