package dev.taskmill.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.testing.Waits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs real processes through the subprocess adapter. */
class ProcessRunnerTest {

  @TempDir Path dir;
  private final ProcessRunner runner = new ProcessRunner("python3", true, 1 << 20, 4096);

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
    // The shell (below the launcher) starts its children asynchronously; wait until both are there.
    List<ProcessHandle> tree =
        Waits.until(
            () -> ProcessHandle.of(running.pid()).orElseThrow().descendants().toList(),
            descendants -> assertThat(descendants).hasSize(3));

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

  // --- No process of a command outlives it (docs/security/process.md) ---

  /**
   * Python that starts a plain child, a child in a new session and a double-forked daemon (each
   * sleeping ten minutes with 'tm-orphan-child' in its command line), writes their pids to the file
   * {@code pids}, then runs {@code then}.
   */
  private List<String> orphans(Path pids, String then) {
    String script =
        String.join(
            "\n",
            "import os, subprocess, sys, time, signal",
            "CHILD = [sys.executable, '-c', 'import time; time.sleep(600)', 'tm-orphan-child']",
            "plain = subprocess.Popen(CHILD)",
            "session = subprocess.Popen(CHILD, start_new_session=True)",
            "r, w = os.pipe()",
            "first = os.fork()",
            "if first == 0:",
            "    os.setsid()",
            "    if os.fork() == 0:",
            "        os.write(w, str(os.getpid()).encode()); os.execv(sys.executable, CHILD)",
            "    os._exit(0)",
            "os.close(w); os.waitpid(first, 0)",
            "pids = [plain.pid, session.pid, int(os.read(r, 32))]",
            "open(sys.argv[1] + '.partial', 'w').write(' '.join(map(str, pids)))",
            "os.replace(sys.argv[1] + '.partial', sys.argv[1])",
            then);
    return List.of("python3", "-c", script, pids.toString());
  }

  private ProcessSpec python(List<String> command, Duration timeout) {
    return new ProcessSpec(
        command, dir, Map.of("PATH", System.getenv("PATH")), timeout, 4096, null);
  }

  private static List<Long> readPids(Path file) throws IOException {
    return Arrays.stream(Files.readString(file).strip().split(" ")).map(Long::valueOf).toList();
  }

  /** Alive and still ours: a pid that was reused by another process does not count. */
  static boolean orphanAlive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
      return !state.equals("Z") && cmdline.contains("orphan");
    } catch (IOException e) {
      return false;
    }
  }

  private static List<Long> alive(List<Long> pids) {
    return pids.stream().filter(ProcessRunnerTest::orphanAlive).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sys.exit(0)", "sys.exit(1)", "os.kill(os.getpid(), signal.SIGKILL)"})
  void noChildOutlivesTheCommandHoweverItExits(String then) throws Exception {
    Path pids = dir.resolve("pids");
    ProcessResult result = runner.run(python(orphans(pids, then), Duration.ofMinutes(1)));

    assertThat(result.timedOut()).isFalse();
    // Gone when run() returns: nothing waits for them, no later step may find them alive.
    assertThat(alive(readPids(pids))).isEmpty();
  }

  @Test
  void noChildOutlivesATimeout() throws Exception {
    Path pids = dir.resolve("pids");
    // The limit is long enough for Python to start on a loaded machine; the sleep is longer still.
    ProcessResult result =
        runner.run(python(orphans(pids, "time.sleep(600)"), Duration.ofSeconds(5)));

    assertThat(result.timedOut()).isTrue();
    assertThat(alive(readPids(pids))).isEmpty();
  }

  @Test
  void noChildOutlivesACancel() throws Exception {
    Path pids = dir.resolve("pids");
    RunningProcess running =
        runner.start(python(orphans(pids, "time.sleep(600)"), Duration.ofMinutes(5)));
    org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> Files.exists(pids));

    running.cancel();
    ProcessResult result = running.await();

    assertThat(result.cancelled()).isTrue();
    assertThat(alive(readPids(pids))).isEmpty();
    assertThat(runner.liveCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void childrenOfACommandThatKillsItsLauncherAreSweptToo(boolean cgroup) throws Exception {
    // The module kills the launcher first: its orphans then go to init, not to the launcher.
    ProcessRunner withoutLauncherHelp = new ProcessRunner("python3", cgroup, 1 << 20, 4096);
    Path pids = dir.resolve("pids");
    ProcessResult result =
        withoutLauncherHelp.run(
            python(
                orphans(pids, "os.kill(os.getppid(), signal.SIGKILL); time.sleep(600)"),
                Duration.ofMinutes(1)));

    assertThat(result.exitCode()).isEqualTo(128 + 9);
    // The module itself (orphaned when its launcher died) is swept as well.
    assertThat(alive(readPids(pids))).isEmpty();
  }

  @Test
  void theCgroupFindsAChildThatKilledItsLauncherAndDroppedItsEnvironment() throws Exception {
    Assumptions.assumeTrue(runner.usesCgroups(), "no writable cgroup v2 on this host");
    Path pids = dir.resolve("pids");
    // env -i: not even the mark is left for the sweep to find; only the cgroup knows it.
    String then =
        "hidden = subprocess.Popen(['env', '-i', sys.executable, '-c', 'import time;"
            + " time.sleep(600)', 'orphan-hidden'], start_new_session=True)\n"
            + "open(sys.argv[1], 'a').write(' %d' % hidden.pid)\n"
            + "os.kill(os.getppid(), signal.SIGKILL)";
    runner.run(python(orphans(pids, then), Duration.ofMinutes(1)));

    List<Long> all = readPids(pids);
    assertThat(all).hasSize(4);
    assertThat(alive(all)).isEmpty();
  }

  @Test
  void aMissingProgramFailsAtStart() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> runner.start(python(List.of("no-such-program-here"), Duration.ofSeconds(5))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no-such-program-here");
  }

  // --- One line of any length (docs/security/process.md) ---

  @Test
  void aHugeLineIsCutWithoutHoldingIt() throws Exception {
    // 200 MB on one stderr line and one stdout line, written in 1 MB pieces.
    String script =
        "import sys\n"
            + "chunk = 'x' * (1 << 20)\n"
            + "for stream in (sys.stderr, sys.stdout):\n"
            + "    for _ in range(200): stream.write(chunk)\n"
            + "    stream.write('\\nafter\\n'); stream.flush()\n";
    List<String> lines = new CopyOnWriteArrayList<>();
    ProcessSpec spec =
        new ProcessSpec(
            List.of("python3", "-c", script),
            dir,
            Map.of("PATH", System.getenv("PATH")),
            Duration.ofMinutes(5),
            1 << 20,
            lines::add);
    ProcessResult result = runner.run(spec);

    assertThat(result.succeeded()).isTrue();
    // stdout: cut at 1 MiB (the limit this runner was given), then the next line as usual.
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .hasSizeLessThan((1 << 20) + 100)
        .endsWith(BoundedLineReader.cutMarker(200L * (1 << 20) - (1 << 20), 1 << 20));
    assertThat(lines.get(1)).isEqualTo("after");
    // stderr: cut at 4096 bytes.
    assertThat(result.stderrTail())
        .contains(BoundedLineReader.cutMarker(200L * (1 << 20) - 4096, 4096))
        .endsWith("after\n");
  }

  @Test
  void theLineReaderNeverHoldsMoreThanItsLimit() throws IOException {
    long size = 200L << 20;
    InputStream endless =
        new InputStream() {
          long left = size;

          @Override
          public int read() {
            return left-- > 0 ? 'x' : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (left <= 0) {
              return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 'x');
            left -= n;
            return n;
          }
        };
    BoundedLineReader reader =
        new BoundedLineReader(
            new java.io.SequenceInputStream(
                endless, new ByteArrayInputStream("\nnext".getBytes(StandardCharsets.UTF_8))),
            65_536);

    String line = reader.readLine();

    assertThat(line).startsWith("xxx").endsWith(BoundedLineReader.cutMarker(size - 65_536, 65_536));
    assertThat(reader.largestCapacity()).isLessThanOrEqualTo(65_536);
    assertThat(reader.readLine()).isEqualTo("next");
    assertThat(reader.readLine()).isNull();
  }

  @Test
  void theLineReaderSplitsAsReadLineDoesAndCutsWholeCharacters() throws IOException {
    byte[] text = "a\r\nb\rc\n\nd\u00e9\u00e9\u00e9".getBytes(StandardCharsets.UTF_8);
    BoundedLineReader reader = new BoundedLineReader(new ByteArrayInputStream(text), 4);
    List<String> lines = new ArrayList<>();
    for (String line; (line = reader.readLine()) != null; ) {
      lines.add(line);
    }
    // "dééé" is 7 bytes: 4 fit, but the 4th is half an 'é', so 3 are kept and 4 dropped.
    assertThat(lines)
        .containsExactly("a", "b", "c", "", "d\u00e9" + BoundedLineReader.cutMarker(4, 4));
  }

  @Test
  void theLauncherIsRegisteredForTheNativeBuild() throws IOException {
    // A native executable holds only the resources listed; without it no module could run.
    assertThat(ProcessLauncher.source()).contains("PR_SET_CHILD_SUBREAPER");
    String pom = Files.readString(Path.of("pom.xml"));
    String includes =
        pom.substring(
            pom.indexOf("<quarkus.native.resources.includes>"),
            pom.indexOf("</quarkus.native.resources.includes>"));
    assertThat(includes).contains(ProcessLauncher.RESOURCE.substring(1));
  }
}
