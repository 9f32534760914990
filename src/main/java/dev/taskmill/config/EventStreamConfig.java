package dev.taskmill.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of {@code /api/v1/events}. */
public interface EventStreamConfig {
  /** How often a comment line is sent on an idle stream, so proxies keep it open. */
  @WithDefault("15s")
  Duration heartbeat();
}
