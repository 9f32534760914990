package dev.taskmill.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the local file store. */
public interface FileStoreConfig {
  /** Root folder of the file store. */
  @WithDefault("file-store")
  String root();

  /** How often stored files that nothing refers to (older than an hour) are deleted. */
  @WithDefault("1h")
  Duration orphanSweepInterval();

  /**
   * How often files that interrupted writes left in the store's {@code tmp/} folder (an upload cut
   * off by a crash) are deleted; only files nobody wrote to for 15 minutes go.
   */
  @WithDefault("5m")
  Duration tmpSweepInterval();
}
