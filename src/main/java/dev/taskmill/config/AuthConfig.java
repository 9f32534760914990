package dev.taskmill.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of API-key authentication. */
public interface AuthConfig {
  /** Where a generated first admin key is written (mode 600), once. */
  @WithDefault("data/admin-key")
  String adminKeyFile();

  /**
   * How long a checked key is remembered by an instance. A revocation takes effect at once on the
   * instance that revoked the key and within this time on the others.
   */
  @WithDefault("10s")
  Duration cacheTtl();
}
