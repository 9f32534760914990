package dev.taskmill.task;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.delayedEcho;
import static dev.taskmill.testing.TasksApi.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.taskmill.data.DataRepository;
import dev.taskmill.instance.Peers;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.SettableClock;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timer job reads the database only when a delay may be over: once it knows when the first one
 * ends it rests until then, and a delayed task stored meanwhile is still queued when the clock
 * reaches its time.
 */
@QuarkusTest
class DelayedTasksTest {

  @Inject SettableClock clock;
  @Inject DataRepository data;
  @Inject DelayedTasks delayed;
  @Inject Peers peers;

  @AfterEach
  void realTimeAgain() {
    clock.release();
  }

  @Test
  void delayedTasksAreQueuedWhenTheClockReachesThemAndTheJobRestsInBetween() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    assumeFalse(peers.othersOnline(), "another instance stores delayed tasks unannounced");
    clock.freeze();
    String later = delayedTask(600);
    // The timer job (every 500 ms in tests) learns when the first delay ends, then rests.
    Waits.until(() -> delayed.mayBeDue(), due -> assertThat(due).isFalse());
    assertThat(task(later).getString("status")).isEqualTo("WAITING");

    // Stored after the job learnt of the later one, this one ends first: still queued on time.
    String sooner = delayedTask(60);
    clock.advance(Duration.ofSeconds(59));
    Waits.until(() -> delayed.mayBeDue(), due -> assertThat(due).isFalse());
    assertThat(task(sooner).getString("status")).isEqualTo("WAITING");
    clock.advance(Duration.ofSeconds(1));
    await(sooner, "SUCCEEDED");
    assertThat(task(later).getString("status")).isEqualTo("WAITING");

    clock.advance(Duration.ofSeconds(540));
    await(later, "SUCCEEDED");
  }

  private String delayedTask(int seconds) {
    return delayedEcho(data, "later", seconds).getString("id");
  }
}
