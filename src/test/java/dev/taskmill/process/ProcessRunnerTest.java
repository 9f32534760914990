package dev.taskmill.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real processes through the subprocess adapter. */
class ProcessRunnerTest {

  @TempDir Path dir;
  private final ProcessRunner runner = new ProcessRunner();

  @AfterEach
  void killLeftovers() {
    runner.killAll();
  }

  private ProcessSpec sh(String script, Duration timeout, int limit, List<String> lines) {
    return new ProcessSpec(
        List.of("/bin/sh", "-c", script),
        dir,
        Map.of("PATH", "/usr/bin:/bin", "GREETING", "hello"),
        timeout,
        limit,
        lines == null ? null : lines::add);
  }

  @Test
  void runsInTheGivenFolderWithOnlyTheGivenEnvironment() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    ProcessResult result =
        runner.run(
            sh(
                "pwd; echo $GREETING; echo \"home=$HOME\"; exit 3",
                Duration.ofSeconds(10),
                4096,
                lines));

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.succeeded()).isFalse();
    assertThat(lines).containsExactly(dir.toRealPath().toString(), "hello", "home=");
  }

  @Test
  void aFailingLineConsumerDoesNotStopTheDraining() throws Exception {
    // As a progress write does while the database is away: the lines after it, and the process
    // (which would block on a full pipe), must not be lost. 200 KB is past a pipe buffer.
    List<String> seen = new CopyOnWriteArrayList<>();
    ProcessSpec spec =
        new ProcessSpec(
            List.of(
                "/bin/sh",
                "-c",
                "i=0; while [ $i -lt 2000 ]; do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done; echo result"),
            dir,
            Map.of("PATH", "/usr/bin:/bin"),
            Duration.ofMinutes(1),
            4096,
            line -> {
              seen.add(line);
              if (line.startsWith("line-")) {
                throw new IllegalStateException("the database is away");
              }
            });
    ProcessResult result = runner.run(spec);

    assertThat(result.succeeded()).isTrue();
    assertThat(seen).hasSize(2001).last().isEqualTo("result");
  }

  @Test
  void drainsBothStreamsConcurrently() throws Exception {
    // 2 MB on each stream: far past a pipe buffer, so draining one at a time would deadlock.
    String script =
        "i=0; while [ $i -lt 20000 ]; do"
            + " echo out-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx;"
            + " echo err-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx >&2;"
            + " i=$((i+1)); done";
    List<String> lines = new CopyOnWriteArrayList<>();
    ProcessResult result = runner.run(sh(script, Duration.ofMinutes(2), 1000, lines));

    assertThat(result.succeeded()).isTrue();
    assertThat(lines).hasSize(20000);
    assertThat(lines.get(19999)).startsWith("out-19999-");
    // Bounded: the tail is kept, the rest is cut.
    assertThat(result.log().length()).isLessThan(1200);
    assertThat(result.log()).contains("earlier output cut").contains("-19999-");
    assertThat(result.stderrTail()).contains("err-19999-");
  }

  @Test
  void aTimeoutKillsTheWholeProcessTree() throws Exception {
    Path pids = dir.resolve("pids");
    String script = "sleep 300 & echo $! > " + pids + "; sleep 300";
    ProcessResult result = runner.run(sh(script, Duration.ofMillis(1500), 4096, null));

    assertThat(result.timedOut()).isTrue();
    assertThat(result.exitCode()).isEqualTo(-1);
    long child = Long.parseLong(java.nio.file.Files.readString(pids).strip());
    // Killing is asynchronous: wait (bounded) for the child to be gone.
    ProcessHandle.of(child)
        .ifPresent(
            handle -> handle.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join());
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false))
        .as("background child %d", child)
        .isFalse();
  }

  @Test
  void cancelKillsTheTreeAndIsReported() throws Exception {
    RunningProcess running =
        runner.start(sh("sleep 300 & sleep 300", Duration.ofMinutes(5), 4096, null));
    List<ProcessHandle> tree = new java.util.ArrayList<>();
    // The shell starts its children asynchronously; wait until both are there.
    for (int i = 0; i < 100 && tree.size() < 2; i++) {
      Thread.sleep(20);
      tree = ProcessHandle.of(running.pid()).orElseThrow().descendants().toList();
    }
    assertThat(tree).hasSize(2);

    running.cancel();
    ProcessResult result = running.await();

    assertThat(result.cancelled()).isTrue();
    assertThat(result.timedOut()).isFalse();
    for (ProcessHandle child : tree) {
      child.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(child.isAlive()).isFalse();
    }
    assertThat(runner.liveCount()).isZero();
  }

  @Test
  void lastErrorLineSkipsBlankLines() throws Exception {
    ProcessResult result =
        runner.run(
            sh(
                "echo 'Traceback' >&2; echo 'ValueError: bad input' >&2; echo '' >&2; exit 1",
                Duration.ofSeconds(10),
                4096,
                null));
    assertThat(result.lastErrorLine()).isEqualTo("ValueError: bad input");
  }

  @Test
  void boundedLogKeepsTheTail() {
    BoundedLog log = new BoundedLog(10);
    for (int i = 0; i < 100; i++) {
      log.line("line" + i);
    }
    assertThat(log.toString()).endsWith("line99\n").contains("earlier output cut");
  }
}
