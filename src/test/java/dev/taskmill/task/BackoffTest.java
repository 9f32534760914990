package dev.taskmill.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration BASE = Duration.ofSeconds(2);
  private static final Duration MAX = Duration.ofSeconds(60);

  @Test
  void doublesFromTheBaseUpToTheMax() {
    assertThat(TaskRunner.backoff(1, BASE, MAX)).isEqualTo(Duration.ofSeconds(2));
    assertThat(TaskRunner.backoff(2, BASE, MAX)).isEqualTo(Duration.ofSeconds(4));
    assertThat(TaskRunner.backoff(5, BASE, MAX)).isEqualTo(Duration.ofSeconds(32));
    assertThat(TaskRunner.backoff(6, BASE, MAX)).isEqualTo(MAX);
    assertThat(TaskRunner.backoff(1000, BASE, MAX)).isEqualTo(MAX);
  }

  @Test
  void anAttemptBelowOneWaitsTheBase() {
    assertThat(TaskRunner.backoff(0, BASE, MAX)).isEqualTo(BASE);
  }
}
