package dev.taskmill.task.run;

import dev.taskmill.task.model.Task;
import java.util.List;

/**
 * How one attempt of a task ended. Whoever notices the end (the runner, lease recovery, a graceful
 * shutdown) names it with one of these and hands it to {@link AttemptSettler}, the one place that
 * decides what follows. {@link #name()} is what {@code attempts[].outcome} stores.
 */
public sealed interface AttemptOutcome {

  /** The name stored in the task's attempt record and used as the metrics tag. */
  String name();

  /**
   * The module's result was committed under the attempt's lease ({@code publication}): it counts,
   * and publishing it ends the task SUCCEEDED.
   *
   * @param exitCode the module's exit code, when the runner saw it (null when recovery completes)
   * @param message what happened, in words; null for a plain run
   */
  record Succeeded(List<Task.Output> publication, Integer exitCode, String message)
      implements AttemptOutcome {
    public Succeeded {
      publication = List.copyOf(publication);
    }

    /** A result this instance's run produced and committed. */
    public static Succeeded ran(List<Task.Output> publication) {
      return new Succeeded(publication, 0, null);
    }

    @Override
    public String name() {
      return "SUCCEEDED";
    }
  }

  /**
   * The task took the result of an earlier identical task instead of running its module (created
   * with {@code reuse}): copies of that task's outputs were committed under the attempt's lease as
   * a run's result is, and publishing them ends the task SUCCEEDED like any success.
   *
   * @param from the earlier task's id, recorded as the task's {@code reusedFrom}
   */
  record Reused(List<Task.Output> publication, String from) implements AttemptOutcome {
    public Reused {
      publication = List.copyOf(publication);
    }

    @Override
    public String name() {
      return "REUSED";
    }
  }

  /**
   * The module failed, or the attempt could not be run for a reason that is the task's.
   *
   * @param exitCode the module's exit code, null when it did not exit by itself
   * @param logTail the log to keep with the error, or null
   * @param retryable false when another attempt cannot help (a module bug, a module gone)
   */
  record Failed(String message, Integer exitCode, String logTail, boolean retryable)
      implements AttemptOutcome {
    @Override
    public String name() {
      return "FAILED";
    }
  }

  /** The module ran past the task's time limit and was stopped; another attempt may finish. */
  record TimedOut(String message, String logTail) implements AttemptOutcome {
    @Override
    public String name() {
      return "TIMED_OUT";
    }
  }

  /** A client cancelled the task while it ran: the task is CANCELLED already, only recorded. */
  record Cancelled() implements AttemptOutcome {
    @Override
    public String name() {
      return "CANCELLED";
    }
  }

  /**
   * The infrastructure lost the attempt (its lease expired, its instance stopped, the file store
   * could not be written): not the module's failure, so it does not count against the task.
   */
  record Lost(String reason) implements AttemptOutcome {
    @Override
    public String name() {
      return "LOST";
    }
  }

  /** Its instance shut down and gave the task back to the queue: not counted, not delayed. */
  record HandedBack() implements AttemptOutcome {
    @Override
    public String name() {
      return "HANDED_BACK";
    }
  }
}
