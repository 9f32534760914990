package dev.taskmill.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What to run: the command, its working folder, its complete environment (nothing is inherited that
 * is not listed here), a time limit and how much output to keep.
 *
 * @param stdoutLines called for every stdout line as it arrives, on a reader thread
 * @param keepStdin whether the caller writes to the process's stdin ({@link
 *     RunningProcess#stdin()}); else it is closed at once, and the process reads end of input
 */
public record ProcessSpec(
    List<String> command,
    Path cwd,
    Map<String, String> env,
    Duration timeout,
    int logLimitBytes,
    Consumer<String> stdoutLines,
    boolean keepStdin) {

  /** A process that reads no input. */
  public ProcessSpec(
      List<String> command,
      Path cwd,
      Map<String, String> env,
      Duration timeout,
      int logLimitBytes,
      Consumer<String> stdoutLines) {
    this(command, cwd, env, timeout, logLimitBytes, stdoutLines, false);
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
  }
}
