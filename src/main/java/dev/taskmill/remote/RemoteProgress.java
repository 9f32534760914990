package dev.taskmill.remote;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.task.TaskLiveLogs;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A remote attempt's progress and live log, written under its lease as a local attempt's are, so
 * clients watching the task see no difference.
 */
@ApplicationScoped
public class RemoteProgress {

  private final LeasedTasks leased;
  private final TaskRepository tasks;
  private final TaskLiveLogs liveLogs;
  private final int logLimit;

  RemoteProgress(
      LeasedTasks leased, TaskRepository tasks, TaskLiveLogs liveLogs, TaskmillConfig config) {
    this.leased = leased;
    this.tasks = tasks;
    this.liveLogs = liveLogs;
    this.logLimit = config.tasks().logLimitBytes();
  }

  /**
   * Records {@code fraction} (0..1) and {@code message}, and {@code log} (the attempt's log so far,
   * its tail kept) when given.
   */
  public void progress(
      String keyId, String taskId, String token, Double fraction, String message, String log) {
    Task task = leased.held(keyId, taskId, token).task();
    if (fraction != null || message != null) {
      Task.Progress progress = new Task.Progress();
      progress.fraction = fraction == null ? 0 : Math.max(0, Math.min(1, fraction));
      progress.message =
          message == null ? null : message.substring(0, Math.min(500, message.length()));
      tasks.progressed(task, token, progress);
    }
    if (log != null) {
      liveLogs.copy(
          taskId, token, log.length() <= logLimit ? log : log.substring(log.length() - logLimit));
    }
  }
}
