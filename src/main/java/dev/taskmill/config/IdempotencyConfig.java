package dev.taskmill.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of {@code Idempotency-Key} requests (docs/decisions.md, "Idempotency keys"). */
public interface IdempotencyConfig {

  /**
   * How long a key is remembered after its first request: a repeat within this time answers the
   * first response; after it the key is new again.
   */
  @WithDefault("24h")
  Duration ttl();

  /** How often keys past their time are deleted (a repeat never sees one, whenever this runs). */
  @WithDefault("10m")
  Duration cleanupInterval();
}
