package dev.taskmill.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Waits for what the service does in the background, with Awaitility. The bounds only stop a hang:
 * they are generous because the test machine may be loaded, and no test asserts a speed with them.
 */
public final class Waits {

  /** How long a wait may last unless the caller says otherwise. */
  public static final Duration BOUND = Duration.ofMinutes(3);

  private static final Duration POLL = Duration.ofMillis(100);

  private Waits() {}

  /** Awaitility waiting up to {@link #BOUND}, checking at once and then every 100 ms. */
  public static ConditionFactory patiently() {
    return Awaitility.await().atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(POLL);
  }

  /** {@link #until(ConditionFactory, Callable, Consumer)} with {@link #patiently()}. */
  public static <T> T until(Callable<T> probe, Consumer<? super T> check) {
    return until(patiently(), probe, check);
  }

  /**
   * Asks {@code probe} until {@code check} (assertions) passes on its answer; returns that answer.
   * On timeout, the failure carries the last failed check's message.
   */
  public static <T> T until(ConditionFactory wait, Callable<T> probe, Consumer<? super T> check) {
    AtomicReference<T> passed = new AtomicReference<>();
    wait.untilAsserted(
        () -> {
          T answer = probe.call();
          check.accept(answer);
          passed.set(answer);
        });
    return passed.get();
  }

  /**
   * Takes elements off {@code queue} (filled by another thread), appending each to {@code taken},
   * until one matches {@code wanted}; returns that one. Elements after it stay in the queue.
   */
  public static <T> T takeUntil(Queue<T> queue, Predicate<? super T> wanted, List<T> taken) {
    AtomicReference<T> match = new AtomicReference<>();
    patiently()
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              for (T next = queue.poll(); next != null; next = queue.poll()) {
                taken.add(next);
                if (wanted.test(next)) {
                  match.set(next);
                  return;
                }
              }
              throw new AssertionError("not arrived; taken so far: " + taken);
            });
    return match.get();
  }

  /** Waits until a module wrote its process id into {@code pidFile} (tm-echo's pidFile param). */
  public static long pidIn(Path pidFile) {
    String pid =
        until(
            () -> Files.exists(pidFile) ? Files.readString(pidFile).strip() : "",
            text -> assertThat(text).as("the process id in %s", pidFile).matches("\\d+"));
    return Long.parseLong(pid);
  }
}
