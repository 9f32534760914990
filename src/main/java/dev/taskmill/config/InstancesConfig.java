package dev.taskmill.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the {@code instances} collection. */
public interface InstancesConfig {
  /** How often an instance writes its heartbeat (and renews the leases of its running tasks). */
  @WithDefault("5s")
  Duration heartbeatInterval();

  /** An instance without a heartbeat for this long is shown offline. */
  @WithDefault("30s")
  Duration offlineAfter();

  /** An instance without a heartbeat for this long is removed from the list. */
  @WithDefault("10m")
  Duration removeAfter();
}
