package dev.taskmill.process;

import java.time.Duration;

/**
 * How a process ended.
 *
 * @param exitCode the exit code, or -1 when the process was killed
 * @param timedOut whether the time limit ran out and the process tree was killed
 * @param cancelled whether {@link RunningProcess#cancel()} killed it
 * @param log the tail of stdout and stderr, interleaved in arrival order
 * @param stderrTail the tail of stderr alone (where tools put their error messages)
 * @param memoryExceeded whether the process tree went over its memory limit and was stopped
 * @param peakRssBytes the most resident memory the process tree was seen holding (sampled a few
 *     times a second, or the cgroup's own peak where a cgroup held the limit); 0 when unknown
 */
public record ProcessResult(
    int exitCode,
    boolean timedOut,
    boolean cancelled,
    String log,
    String stderrTail,
    Duration elapsed,
    boolean memoryExceeded,
    long peakRssBytes) {

  /** A result without memory figures. */
  public ProcessResult(
      int exitCode,
      boolean timedOut,
      boolean cancelled,
      String log,
      String stderrTail,
      Duration elapsed) {
    this(exitCode, timedOut, cancelled, log, stderrTail, elapsed, false, 0);
  }

  /** Whether the process exited by itself with code 0. */
  public boolean succeeded() {
    return exitCode == 0 && !timedOut && !cancelled && !memoryExceeded;
  }

  /** The last non-blank line of stderr, or an empty string: usually the error message. */
  public String lastErrorLine() {
    String[] lines = stderrTail.strip().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        return lines[i].strip();
      }
    }
    return "";
  }
}
