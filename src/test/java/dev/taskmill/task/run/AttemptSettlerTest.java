package dev.taskmill.task.run;

import static dev.taskmill.testing.TasksApi.textItem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.store.TaskStore;
import dev.taskmill.testing.SettableClock;
import dev.taskmill.testing.TasksApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The settler's writes on the embedded store, with the clock frozen. The tasks need a GPU, so this
 * instance's dispatcher never claims them: what the test reads is what the settler wrote.
 */
@QuarkusTest
class AttemptSettlerTest {

  private static final String TOKEN = "settler-test-token";
  private static final Duration BACKOFF_BASE = Duration.ofMillis(200); // %test config

  @Inject AttemptSettler settler;
  @Inject TaskRepository tasks;
  @Inject DataRepository data;
  @Inject SettableClock clock;

  private final List<String> created = new ArrayList<>();
  private Instant now;

  @BeforeEach
  void freeze() {
    now = clock.freeze();
  }

  @AfterEach
  void cleanUp() {
    clock.release();
    for (String id : created) {
      tasks.transition(
          id,
          List.of(TaskStatus.QUEUED, TaskStatus.RUNNING, TaskStatus.WAITING),
          TaskStatus.CANCELLED);
    }
  }

  /** A RUNNING task under {@link #TOKEN}, as the runner holds it while its module runs. */
  private Task running(int attempt, int maxAttempts, int infrastructureRetries) {
    Task task = new Task();
    task.id = new ObjectId().toHexString();
    task.module = "tm-echo";
    task.label = "settler";
    task.inputs.put("text", textItem(data, "settle"));
    task.params = "{}";
    task.needs = new ArrayList<>(List.of(TaskStore.GPU));
    task.status = TaskStatus.RUNNING;
    task.attempt = attempt;
    task.maxAttempts = maxAttempts;
    task.infrastructureRetries = infrastructureRetries;
    task.timeoutSeconds = 60;
    task.createdAt = now;
    task.queuedAt = now.minusSeconds(30);
    task.startedAt = now;
    task.lease = new Task.Lease();
    task.lease.owner = "this-instance";
    task.lease.token = TOKEN;
    task.lease.expiresAt = now.plusSeconds(600);
    TasksApi.pendingEchoOutputs(data, task);
    tasks.insert(task);
    created.add(task.id);
    return task;
  }

  private Task settle(Task task, AttemptOutcome outcome) {
    return settler
        .settle(new EndedAttempt(task, TOKEN, now.minusSeconds(1), "the log", outcome))
        .orElseThrow();
  }

  @Test
  void aFailureWithAttemptsLeftIsQueuedAgainAfterTheBackoffAndCounted() {
    Task task = running(1, 3, 0);
    Task after = settle(task, new AttemptOutcome.Failed("boom", 7, "tail", true));
    assertThat(after.status).isEqualTo(TaskStatus.QUEUED);
    assertThat(after.notBefore).isEqualTo(now.plus(BACKOFF_BASE));
    assertThat(after.attempt).isEqualTo(1);
    assertThat(after.error.message).isEqualTo("boom");
    assertThat(after.error.exitCode).isEqualTo(7);
    assertThat(after.error.logTail).isEqualTo("tail");
    assertThat(after.log).isEqualTo("the log");
    Task.Attempt record = after.attempts.get(0);
    assertThat(record.outcome).isEqualTo("FAILED");
    assertThat(record.counted).isTrue();
    assertThat(record.number).isEqualTo(1);
    assertThat(record.finishedAt).isEqualTo(now);
  }

  @Test
  void theLastFailureFailsTheOutputsAndTheTask() {
    Task task = running(2, 2, 0);
    Task after = settle(task, new AttemptOutcome.TimedOut("timed out after 60 s", "tail"));
    assertThat(after.status).isEqualTo(TaskStatus.FAILED);
    assertThat(after.attempts).extracting(a -> a.outcome).containsExactly("TIMED_OUT");
    for (String output : task.outputs.values()) {
      assertThat(data.find(output).orElseThrow().status).isEqualTo(DataStatus.FAILED);
    }
  }

  @Test
  void aLostAttemptIsQueuedAgainAtItsOldPlaceAfterABackoffNotCounted() {
    Task task = running(1, 1, 1);
    Task after = settle(task, new AttemptOutcome.Lost("the disk is full"));
    assertThat(after.status).isEqualTo(TaskStatus.QUEUED);
    assertThat(after.attempt).isZero();
    assertThat(after.infrastructureRetries).isEqualTo(2);
    // The second loss in a row waits twice the base.
    assertThat(after.notBefore).isEqualTo(now.plus(BACKOFF_BASE.multipliedBy(2)));
    assertThat(after.queuedAt).isEqualTo(task.queuedAt);
    assertThat(after.attempts.get(0).outcome).isEqualTo("LOST");
    assertThat(after.attempts.get(0).counted).isFalse();
    assertThat(after.attempts.get(0).message).isEqualTo("the disk is full");
  }

  @Test
  void aHandBackIsQueuedAgainAtOnceAtItsOldPlaceNotCounted() {
    Task task = running(1, 1, 0);
    Task after = settle(task, new AttemptOutcome.HandedBack());
    assertThat(after.status).isEqualTo(TaskStatus.QUEUED);
    assertThat(after.attempt).isZero();
    assertThat(after.infrastructureRetries).isZero();
    assertThat(after.notBefore).isNull();
    assertThat(after.queuedAt).isEqualTo(task.queuedAt);
    assertThat(after.attempts.get(0).outcome).isEqualTo("HANDED_BACK");
    assertThat(after.attempts.get(0).counted).isFalse();
  }

  @Test
  void aSuccessPublishesTheOutputsThenSucceeds() {
    Task task = running(1, 1, 0);
    Task.Output echo = new Task.Output();
    echo.port = "echo";
    echo.itemId = task.outputs.get("echo");
    echo.text = "settled";
    echo.size = 7L;
    echo.sha256 = "x";
    echo.mediaType = "text/plain";
    Task.Output file = new Task.Output();
    file.port = "file";
    file.itemId = task.outputs.get("file");
    file.missing = "not produced";
    Task after = settle(task, AttemptOutcome.Succeeded.ran(List.of(echo, file)));
    assertThat(after.status).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(after.progress.fraction).isEqualTo(1.0);
    assertThat(after.attempts.get(0).outcome).isEqualTo("SUCCEEDED");
    assertThat(after.attempts.get(0).exitCode).isZero();
    assertThat(data.find(echo.itemId).orElseThrow().text).isEqualTo("settled");
    assertThat(data.find(echo.itemId).orElseThrow().status).isEqualTo(DataStatus.AVAILABLE);
  }

  @Test
  void anAttemptWhoseLeaseIsGoneWritesNothing() {
    Task task = running(1, 3, 0);
    Optional<Task> after =
        settler.settle(
            new EndedAttempt(
                task, "someone-else", now, "late", new AttemptOutcome.Failed("x", 1, null, true)));
    assertThat(after).isEmpty();
    Task unchanged = tasks.find(task.id).orElseThrow();
    assertThat(unchanged.status).isEqualTo(TaskStatus.RUNNING);
    assertThat(unchanged.attempts).isEmpty();
    tasks.transitionLeased(task.id, TOKEN, TaskStatus.FAILED);
  }
}
