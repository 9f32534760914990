package dev.taskmill.module.worker;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.module.ProtocolLine;
import dev.taskmill.process.BoundedLog;
import dev.taskmill.process.OutputTail;
import java.nio.file.Path;

/**
 * What a self-test in a worker said: its protocol messages as they came, and what it wrote to its
 * stdout and stderr (the file the worker gives it), as a {@code test} process's log reads.
 */
final class JobOutput {

  private final Path file;
  private final TaskmillConfig config;
  private final BoundedLog messages;

  JobOutput(Path file, TaskmillConfig config) {
    this.file = file;
    this.config = config;
    this.messages = new BoundedLog(config.modules().logLimitBytes());
  }

  Path file() {
    return file;
  }

  /** One protocol line of the job, on the worker's reader thread. */
  void add(ProtocolLine line, String raw) {
    messages.line(raw);
  }

  /** The messages, then the output. */
  String log() {
    String output = stderr();
    return output.isEmpty() ? messages.toString() : messages + output;
  }

  /** What the job wrote to its stdout and stderr: where its errors are. */
  String stderr() {
    return OutputTail.of(
        file,
        config.processes().maxLineBytes(),
        Math.min(config.modules().logLimitBytes(), 16_384));
  }
}
