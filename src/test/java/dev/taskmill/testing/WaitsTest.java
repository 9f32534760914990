package dev.taskmill.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared waits: what they return, what they leave, and what a timeout says. */
class WaitsTest {

  @Test
  void untilReturnsTheFirstAnswerThatPassesTheCheck() {
    AtomicInteger calls = new AtomicInteger();
    int answer = Waits.until(calls::incrementAndGet, n -> assertThat(n).isGreaterThanOrEqualTo(3));
    assertThat(answer).isEqualTo(3);
  }

  @Test
  void aTimeoutCarriesTheLastFailedCheck() {
    assertThatThrownBy(
            () ->
                Waits.until(
                    Waits.patiently().atMost(Duration.ofMillis(300)),
                    () -> "RUNNING",
                    status -> assertThat(status).as("the task's status").isEqualTo("SUCCEEDED")))
        .isInstanceOf(ConditionTimeoutException.class)
        .hasMessageContaining("the task's status")
        .hasMessageContaining("RUNNING");
  }

  @Test
  void takeUntilStopsAtTheMatchAndLeavesWhatFollows() {
    LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>(List.of("a", "b", "c"));
    List<String> taken = new ArrayList<>();
    assertThat(Waits.takeUntil(queue, "b"::equals, taken)).isEqualTo("b");
    assertThat(taken).containsExactly("a", "b");
    assertThat(queue).containsExactly("c");
  }

  @Test
  void takeUntilWaitsForWhatAnotherThreadAdds() {
    LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    CompletableFuture.runAsync(() -> List.of("x", "y").forEach(queue::add));
    assertThat(Waits.takeUntil(queue, "y"::equals, new ArrayList<>())).isEqualTo("y");
  }

  @Test
  void pidInWaitsForAWholeProcessId(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("pid");
    Files.writeString(pidFile, "");
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                Files.writeString(pidFile, "4242\n");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    assertThat(Waits.pidIn(pidFile)).isEqualTo(4242L);
    writer.join();
  }
}
