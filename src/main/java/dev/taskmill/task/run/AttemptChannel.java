package dev.taskmill.task.run;

/**
 * What a running attempt talks to while its module runs, wherever it runs: the attempt's log, its
 * progress, and the hook that stops it.
 */
public interface AttemptChannel {

  /** Appends a line to the attempt's log (kept bounded, shown live). */
  void log(String line);

  /** The module reported progress ({@code fraction} 0..1). */
  void progress(double fraction, String message);

  /**
   * Registers how to stop the run (a client cancelled the task, or the instance shuts down); runs
   * {@code stop} at once when the attempt was stopped already.
   */
  void onStop(Runnable stop);

  /** The attempt's log so far. */
  String logText();
}
