package dev.taskmill.config;

import io.smallrye.config.WithDefault;

/** Settings of the dashboard's data. */
public interface DashboardConfig {
  /**
   * How many hours back {@code GET /api/v1/dashboard/history} reaches (its default and its most):
   * finished tasks are read from the tasks themselves, queue depth samples are kept in memory this
   * long.
   */
  @WithDefault("6")
  int historyHours();
}
