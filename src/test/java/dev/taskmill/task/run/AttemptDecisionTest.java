package dev.taskmill.task.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.run.AttemptDecision.Move;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What follows each outcome, as pure code: no store, no clock, no Quarkus. */
class AttemptDecisionTest {

  private static final RetryPolicy POLICY =
      new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(60), 2);

  private static Task task(int attempt, int maxAttempts, int infrastructureRetries) {
    Task task = new Task();
    task.id = "t1";
    task.attempt = attempt;
    task.maxAttempts = maxAttempts;
    task.infrastructureRetries = infrastructureRetries;
    return task;
  }

  private static AttemptDecision decide(Task task, AttemptOutcome outcome) {
    return AttemptDecision.decide(task, outcome, POLICY);
  }

  @Test
  void aSuccessPublishesAndCounts() {
    AttemptDecision d = decide(task(1, 1, 0), AttemptOutcome.Succeeded.ran(List.of()));
    assertThat(d.move()).isEqualTo(Move.SUCCEED);
    assertThat(d.move().status).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(d.counted()).isTrue();
    assertThat(d.exitCode()).isZero();
    assertThat(d.error()).isNull();
  }

  @Test
  void aReusedResultPublishesLikeASuccessAndSaysWhoseItWas() {
    AttemptDecision d =
        decide(task(1, 1, 0), new AttemptOutcome.Reused(List.of(), "65aa00000000000000000001"));
    assertThat(d.move()).isEqualTo(Move.SUCCEED);
    assertThat(d.move().status).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(d.counted()).isTrue();
    assertThat(d.delay()).isZero();
    assertThat(d.error()).isNull();
    assertThat(d.message())
        .isEqualTo(
            "reused the result of task 65aa00000000000000000001 instead of running the module");
  }

  @Test
  void aRetryableFailureWithAttemptsLeftIsRetriedAfterABackoffThatGrows() {
    AttemptOutcome failed = new AttemptOutcome.Failed("boom", 3, "log", true);
    AttemptDecision first = decide(task(1, 3, 0), failed);
    assertThat(first.move()).isEqualTo(Move.RETRY);
    assertThat(first.move().status).isEqualTo(TaskStatus.QUEUED);
    assertThat(first.counted()).isTrue();
    assertThat(first.delay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(first.error()).isEqualTo("boom");
    assertThat(first.exitCode()).isEqualTo(3);
    assertThat(first.logTail()).isEqualTo("log");
    assertThat(decide(task(2, 3, 0), failed).delay()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void theLastAttemptFailsTheTask() {
    AttemptDecision d = decide(task(3, 3, 0), new AttemptOutcome.Failed("boom", 1, null, true));
    assertThat(d.move()).isEqualTo(Move.FAIL);
    assertThat(d.move().status).isEqualTo(TaskStatus.FAILED);
    assertThat(d.counted()).isTrue();
    assertThat(d.delay()).isZero();
  }

  @Test
  void aFailureAnotherAttemptCannotHelpFailsAtOnce() {
    AttemptDecision d = decide(task(1, 5, 0), new AttemptOutcome.Failed("gone", null, null, false));
    assertThat(d.move()).isEqualTo(Move.FAIL);
    assertThat(d.error()).isEqualTo("gone");
  }

  @Test
  void aTimeoutIsACountedFailureThatMayBeRetried() {
    AttemptOutcome timedOut = new AttemptOutcome.TimedOut("timed out after 1 s", "tail");
    assertThat(timedOut.name()).isEqualTo("TIMED_OUT");
    assertThat(decide(task(1, 2, 0), timedOut).move()).isEqualTo(Move.RETRY);
    AttemptDecision last = decide(task(2, 2, 0), timedOut);
    assertThat(last.move()).isEqualTo(Move.FAIL);
    assertThat(last.counted()).isTrue();
    assertThat(last.exitCode()).isNull();
  }

  @Test
  void theLogKeptWithTheErrorIsItsTail() {
    String log = "x".repeat(10_000) + "the end";
    AttemptDecision d = decide(task(1, 1, 0), new AttemptOutcome.Failed("boom", 1, log, true));
    assertThat(d.logTail()).hasSize(4000).endsWith("the end");
  }

  @Test
  void aLostAttemptRunsAgainNotCountedAfterABackoffThatGrowsWithEachLoss() {
    AttemptOutcome lost = new AttemptOutcome.Lost("lease expired");
    AttemptDecision first = decide(task(1, 1, 0), lost);
    assertThat(first.move()).isEqualTo(Move.RERUN);
    assertThat(first.move().status).isEqualTo(TaskStatus.QUEUED);
    assertThat(first.counted()).isFalse();
    assertThat(first.delay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(first.message()).isEqualTo("lease expired");
    assertThat(decide(task(1, 1, 1), lost).delay()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void anAttemptLostTooOftenFailsTheTaskNotCountedAndSaysWhy() {
    AttemptDecision d = decide(task(1, 5, 2), new AttemptOutcome.Lost("lease expired"));
    assertThat(d.move()).isEqualTo(Move.FAIL);
    assertThat(d.counted()).isFalse();
    assertThat(d.error())
        .contains("lost to the infrastructure 3 times")
        .contains("taskmill.tasks.max-infrastructure-retries is 2")
        .endsWith("the last: lease expired");
  }

  @Test
  void aHandBackGoesBackAtOnceNotCountedAndNeverFails() {
    AttemptDecision d = decide(task(4, 4, 2), new AttemptOutcome.HandedBack());
    assertThat(d.move()).isEqualTo(Move.HAND_BACK);
    assertThat(d.move().status).isEqualTo(TaskStatus.QUEUED);
    assertThat(d.counted()).isFalse();
    assertThat(d.delay()).isZero();
    assertThat(d.message()).isEqualTo("its instance shut down");
  }

  @Test
  void aCancelledAttemptIsOnlyRecorded() {
    AttemptDecision d = decide(task(1, 3, 0), new AttemptOutcome.Cancelled());
    assertThat(d.move()).isEqualTo(Move.RECORD);
    assertThat(d.move().status).isEqualTo(TaskStatus.CANCELLED);
    assertThat(d.message()).isEqualTo("cancelled by a client");
  }

  @Test
  void outcomesKeepTheNamesStoredInAttemptRecords() {
    assertThat(
            List.of(
                    AttemptOutcome.Succeeded.ran(List.of()),
                    new AttemptOutcome.Failed("m", null, null, true),
                    new AttemptOutcome.TimedOut("m", null),
                    new AttemptOutcome.Cancelled(),
                    new AttemptOutcome.Lost("r"),
                    new AttemptOutcome.HandedBack(),
                    new AttemptOutcome.Reused(List.of(), "t"))
                .stream()
                .map(AttemptOutcome::name))
        .containsExactly(
            "SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "LOST", "HANDED_BACK", "REUSED");
  }
}
