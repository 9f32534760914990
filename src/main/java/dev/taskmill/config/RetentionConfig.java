package dev.taskmill.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the retention sweep (docs/decisions.md, "Retention"). */
public interface RetentionConfig {

  /**
   * How often expired finished tasks, pipelines and data items (with their files) are deleted.
   * Every instance sweeps; the deletes are conditional, so instances sweeping at once delete each
   * thing once.
   */
  @WithDefault("10m")
  Duration sweepInterval();

  /**
   * The most tasks, pipelines and items each that one sweep looks at, so one run stays short; what
   * is left waits for the next.
   */
  @WithDefault("5000")
  int maxPerRun();
}
