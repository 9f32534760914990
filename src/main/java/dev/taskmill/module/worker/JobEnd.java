package dev.taskmill.module.worker;

import dev.taskmill.module.ProtocolLine;
import dev.taskmill.process.ProcessResult;

/** How one job on a warm worker ended. */
public sealed interface JobEnd {

  /** The worker answered with the job's {@code result}. */
  record Answered(ProtocolLine.Result result) implements JobEnd {}

  /** The worker's process ended before it answered (crashed, killed, or stopped for memory). */
  record WorkerEnded(ProcessResult process) implements JobEnd {}
}
