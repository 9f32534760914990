package dev.taskmill.task.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Duration BASE = Duration.ofSeconds(2);
  private static final Duration MAX = Duration.ofSeconds(60);
  private final RetryPolicy policy = new RetryPolicy(BASE, MAX, 3);

  @Test
  void doublesFromTheBaseUpToTheMax() {
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(32));
    assertThat(policy.backoff(6)).isEqualTo(MAX);
    assertThat(policy.backoff(1000)).isEqualTo(MAX);
  }

  @Test
  void anAttemptBelowOneWaitsTheBase() {
    assertThat(policy.backoff(0)).isEqualTo(BASE);
  }

  @Test
  void retriesWhileCountedAttemptsAreLeft() {
    assertThat(policy.retries(1, 3)).isTrue();
    assertThat(policy.retries(2, 3)).isTrue();
    assertThat(policy.retries(3, 3)).isFalse();
    assertThat(policy.retries(1, 1)).isFalse();
  }

  @Test
  void runsLostAttemptsAgainUpToTheCap() {
    assertThat(policy.rerunsLost(0)).isTrue();
    assertThat(policy.rerunsLost(2)).isTrue();
    assertThat(policy.rerunsLost(3)).isFalse();
    assertThat(new RetryPolicy(BASE, MAX, 0).rerunsLost(0)).isFalse();
  }
}
