package dev.taskmill.task.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class IdleWaitTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final IdleWait WAIT = new IdleWait(Duration.ofSeconds(1), Duration.ofSeconds(10));

  private static Supplier<Optional<Instant>> endsIn(Duration after) {
    return () -> Optional.of(NOW.plus(after));
  }

  @Test
  void whileOthersMayQueueTasksItLooksEveryPollWithoutAskingForBackoffs() {
    AtomicInteger asked = new AtomicInteger();
    Supplier<Optional<Instant>> backoff =
        () -> {
          asked.incrementAndGet();
          return Optional.empty();
        };
    assertThat(WAIT.after(true, backoff, NOW)).isEqualTo(Duration.ofSeconds(1));
    assertThat(asked).hasValue(0);
  }

  @Test
  void aloneWithNothingBackingOffItWaitsTheIdleInterval() {
    assertThat(WAIT.after(false, Optional::empty, NOW)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aloneItWakesWhenTheFirstBackoffEnds() {
    assertThat(WAIT.after(false, endsIn(Duration.ofMillis(4_500)), NOW))
        .isEqualTo(Duration.ofMillis(4_500));
  }

  @Test
  void aBackoffEndingAfterTheIdleIntervalStillWakesItAtTheIdleInterval() {
    assertThat(WAIT.after(false, endsIn(Duration.ofMinutes(5)), NOW))
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aBackoffEndingSoonerThanThePollOrAlreadyOverWaitsOnePoll() {
    assertThat(WAIT.after(false, endsIn(Duration.ofMillis(200)), NOW))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(WAIT.after(false, endsIn(Duration.ofSeconds(-3)), NOW))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void anIdleIntervalShorterThanThePollIsNeverShorterThanThePoll() {
    IdleWait fast = new IdleWait(Duration.ofSeconds(1), Duration.ofMillis(100));
    assertThat(fast.after(false, Optional::empty, NOW)).isEqualTo(Duration.ofSeconds(1));
  }
}
