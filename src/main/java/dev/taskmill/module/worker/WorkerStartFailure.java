package dev.taskmill.module.worker;

import dev.taskmill.process.ProcessResult;

/** A warm worker could not be made ready: its load() failed, or it exited before it was ready. */
public class WorkerStartFailure extends Exception {

  private final transient ProcessResult process;

  WorkerStartFailure(String message, ProcessResult process) {
    super(message);
    this.process = process;
  }

  /** How the worker's process ended, when it did; else null. */
  public ProcessResult process() {
    return process;
  }
}
