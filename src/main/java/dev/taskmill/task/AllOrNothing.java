package dev.taskmill.task;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs writes in order; when one fails, undoes it and every write before it, newest first, and
 * rethrows the failure. The embedded server has no transactions, so a batch is made all or nothing
 * by compensation: each undo must delete by the ids its write chose (a write that failed midway may
 * have stored part of its documents). A failing undo is added to the failure as suppressed and the
 * remaining undos still run.
 */
final class AllOrNothing {

  /** One write and how to take it back. */
  record Step(String name, Runnable write, Runnable undo) {}

  private AllOrNothing() {}

  static void run(List<Step> steps) {
    List<Step> attempted = new ArrayList<>();
    for (Step step : steps) {
      attempted.add(step);
      try {
        step.write().run();
      } catch (RuntimeException failure) {
        for (int i = attempted.size() - 1; i >= 0; i--) {
          try {
            attempted.get(i).undo().run();
          } catch (RuntimeException again) {
            failure.addSuppressed(again);
          }
        }
        throw failure;
      }
    }
  }
}
