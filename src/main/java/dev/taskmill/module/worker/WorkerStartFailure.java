package dev.taskmill.module.worker;

import dev.taskmill.process.ProcessResult;

/** A warm worker could not be made ready: its load() failed, or it exited before it was ready. */
public class WorkerStartFailure extends Exception {

  private final transient ProcessResult process;

  WorkerStartFailure(String message, ProcessResult process) {
    super(message);
    this.process = process;
  }

  /** The worker's process ended before it said it was ready. */
  static WorkerStartFailure exitedEarly(ProcessResult end) {
    String how =
        end == null ? "no exit code" : end.cancelled() ? "killed" : "exit code " + end.exitCode();
    String last = end == null ? "" : end.lastErrorLine();
    return new WorkerStartFailure(
        "the worker exited before it was ready (" + how + ")" + (last.isEmpty() ? "" : ": " + last),
        end);
  }

  /** How the worker's process ended, when it did; else null. */
  public ProcessResult process() {
    return process;
  }
}
