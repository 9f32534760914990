package dev.taskmill.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The last-resort sweep: every process started for one command carries {@code
 * TASKMILL_PROCESS_MARK=<mark>} in its environment, inherited by whatever it starts. Once the
 * command has ended, any process whose environment (read from {@code /proc/<pid>/environ}) still
 * holds the mark is killed: it outlived its launcher (a module that killed the launcher, or a host
 * without the launcher). It does not find a process that changed its environment: the cgroup is
 * what finds those.
 */
final class MarkedProcesses {

  static final String VARIABLE = "TASKMILL_PROCESS_MARK";

  private static final int ROUNDS = 20;
  private static final Path PROC = Path.of("/proc");

  private MarkedProcesses() {}

  /** Kills every process marked {@code mark}; returns how many were found. */
  static int kill(String mark) {
    if (!Files.isDirectory(PROC)) {
      return 0;
    }
    byte[] entry = (VARIABLE + "=" + mark).getBytes(StandardCharsets.UTF_8);
    int killed = 0;
    // Rounds: a marked process may start another one while it is being killed.
    for (int round = 0; round < ROUNDS; round++) {
      List<ProcessHandle> found = find(entry);
      if (found.isEmpty()) {
        break;
      }
      killed += found.size();
      found.forEach(ProcessHandle::destroyForcibly);
      for (ProcessHandle handle : found) {
        try {
          handle.onExit().get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
          // Checked again in the next round.
        }
      }
    }
    return killed;
  }

  private static List<ProcessHandle> find(byte[] entry) {
    List<ProcessHandle> found = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(PROC)) {
      for (Path dir : all) {
        String name = dir.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        long pid = Long.parseLong(name);
        if (pid == self) {
          continue;
        }
        byte[] environ;
        try {
          environ = Files.readAllBytes(dir.resolve("environ"));
        } catch (IOException | SecurityException e) {
          continue; // gone, or another user's process: not one of ours
        }
        if (holds(environ, entry)) {
          ProcessHandle.of(pid).ifPresent(found::add);
        }
      }
    } catch (IOException e) {
      // /proc unreadable: nothing to sweep with.
    }
    return found;
  }

  /**
   * Whether the NUL-separated {@code environ} holds exactly {@code entry} as one of its entries.
   */
  static boolean holds(byte[] environ, byte[] entry) {
    int start = 0;
    while (start < environ.length) {
      int end = start;
      while (end < environ.length && environ[end] != 0) {
        end++;
      }
      if (end - start == entry.length
          && java.util.Arrays.equals(environ, start, end, entry, 0, entry.length)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }
}
