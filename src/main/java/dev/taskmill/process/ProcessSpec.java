package dev.taskmill.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What to run: the command, its working folder, its complete environment (nothing is inherited that
 * is not listed here), a time limit, how much output to keep and how much memory the process tree
 * may hold.
 *
 * @param stdoutLines called for every stdout line as it arrives, on a reader thread
 * @param keepStdin whether the caller writes to the process's stdin ({@link
 *     RunningProcess#stdin()}); else it is closed at once, and the process reads end of input
 * @param memoryLimitMb the most resident memory the process and everything it starts may hold
 *     together, in MB; over it the tree is stopped ({@link ProcessResult#memoryExceeded()}); 0: no
 *     limit
 */
public record ProcessSpec(
    List<String> command,
    Path cwd,
    Map<String, String> env,
    Duration timeout,
    int logLimitBytes,
    Consumer<String> stdoutLines,
    boolean keepStdin,
    int memoryLimitMb) {

  /** A process that reads no input, without a memory limit. */
  public ProcessSpec(
      List<String> command,
      Path cwd,
      Map<String, String> env,
      Duration timeout,
      int logLimitBytes,
      Consumer<String> stdoutLines) {
    this(command, cwd, env, timeout, logLimitBytes, stdoutLines, false, 0);
  }

  public ProcessSpec {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    Objects.requireNonNull(cwd, "cwd");
    Objects.requireNonNull(timeout, "timeout");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    if (stdoutLines == null) {
      stdoutLines = line -> {};
    }
    if (memoryLimitMb < 0) {
      throw new IllegalArgumentException("negative memory limit: " + memoryLimitMb);
    }
  }

  /** The same process with a memory limit of {@code mb} MB (0: none). */
  public ProcessSpec withMemoryLimitMb(int mb) {
    return new ProcessSpec(command, cwd, env, timeout, logLimitBytes, stdoutLines, keepStdin, mb);
  }

  /** The same process, reading what the caller writes to its stdin. */
  public ProcessSpec withStdin() {
    return new ProcessSpec(
        command, cwd, env, timeout, logLimitBytes, stdoutLines, true, memoryLimitMb);
  }

  /** The memory limit in bytes, 0 when there is none. */
  public long memoryLimitBytes() {
    return memoryLimitMb * 1024L * 1024L;
  }
}
