package dev.taskmill.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.testing.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Memory limits of real process trees: what a module that takes too much memory runs into. */
class MemoryLimitTest {

  private static final long MB = 1 << 20;

  @TempDir Path dir;
  private ProcessRunner runner = new ProcessRunner("python3", true, 1 << 20, 4096);

  @AfterEach
  void killLeftovers() {
    runner.killAll();
  }

  /** A Python that fills {@code mb} MB (touched, so resident), says "ready", then sleeps. */
  private static String holder(int mb) {
    return "python3 -c \"x = b'x' * ("
        + mb
        + " << 20); print('ready', flush=True); import time; time.sleep(120)\"";
  }

  private ProcessSpec sh(String script, int limitMb, List<String> lines) {
    return new ProcessSpec(
            List.of("/bin/sh", "-c", script),
            dir,
            Map.of("PATH", "/usr/bin:/bin"),
            Duration.ofMinutes(2),
            4096,
            lines == null ? null : lines::add)
        .withMemoryLimitMb(limitMb);
  }

  @ParameterizedTest(name = "with launcher: {0}")
  @ValueSource(booleans = {true, false})
  void aTreeOverItsLimitTogetherIsStoppedAndSaysHowMuchItHeld(boolean launcher) throws Exception {
    runner = new ProcessRunner(launcher ? "python3" : "no-such-python", launcher, 1 << 20, 4096);
    // Two children of 70 MB each: neither alone is over 100 MB, the tree is.
    ProcessResult result = runner.run(sh(holder(70) + " & " + holder(70) + " & wait", 100, null));

    assertThat(result.memoryExceeded()).isTrue();
    assertThat(result.succeeded()).isFalse();
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.timedOut()).isFalse();
    assertThat(result.cancelled()).isFalse();
    assertThat(result.peakRssBytes()).isGreaterThan(100 * MB);
    assertThat(runner.liveCount()).isZero();
  }

  @Test
  void aProcessUnderItsLimitRunsToTheEndAndReportsItsPeak() throws Exception {
    ProcessResult result =
        runner.run(
            sh("python3 -c \"x = b'x' * (40 << 20); import time; time.sleep(1)\"", 256, null));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.memoryExceeded()).isFalse();
    assertThat(result.peakRssBytes()).isBetween(40 * MB, 256 * MB);
  }

  @Test
  void noLimitMeansNoneAndThePeakIsStillMeasured() throws Exception {
    ProcessResult result =
        runner.run(sh("python3 -c \"x = b'x' * (60 << 20); import time; time.sleep(1)\"", 0, null));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.peakRssBytes()).isGreaterThan(60 * MB);
  }

  @Test
  void theRssOfARunningTreeIsReadable() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    RunningProcess running = runner.start(sh(holder(80), 0, lines));

    Waits.until(() -> lines, seen -> assertThat(seen).contains("ready"));
    assertThat(running.rssBytes()).isGreaterThan(80 * MB);

    running.cancel();
    ProcessResult result = running.await();
    assertThat(result.cancelled()).isTrue();
    assertThat(result.memoryExceeded()).isFalse();
    assertThat(running.rssBytes()).isZero();
  }
}
