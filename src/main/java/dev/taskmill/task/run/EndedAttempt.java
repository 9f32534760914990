package dev.taskmill.task.run;

import dev.taskmill.task.model.Task;
import java.time.Instant;
import java.util.Objects;

/**
 * One attempt that ended, as whoever noticed it hands it to {@link AttemptSettler}.
 *
 * @param task the task as it was claimed (its {@code attempt} is this attempt's number)
 * @param token the lease the attempt ran under: only while it holds is the end written
 * @param startedAt when the attempt started (null when unknown)
 * @param log the attempt's log, which replaces the task's; null leaves the task's log as it is
 * @param outcome how it ended
 */
public record EndedAttempt(
    Task task, String token, Instant startedAt, String log, AttemptOutcome outcome) {

  public EndedAttempt {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(outcome, "outcome");
  }
}
