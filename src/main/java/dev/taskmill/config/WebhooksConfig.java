package dev.taskmill.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of webhooks: who may be called, how often, and for how long deliveries are retried. */
public interface WebhooksConfig {

  /**
   * Whether a webhook may call loopback, private (RFC 1918, unique local) and link-local addresses.
   * Off: such URLs are refused when a webhook is saved and again when a delivery is sent, so the
   * service cannot be used to reach what sits behind it.
   */
  @WithDefault("false")
  boolean allowPrivate();

  /** How long a delivery is retried (timeouts, non-2xx answers) before it is marked FAILED. */
  @WithDefault("24h")
  Duration retryFor();

  /** The wait after the first failed try; it doubles with every further try. */
  @WithDefault("10s")
  Duration backoffBase();

  /** The longest wait between two tries. */
  @WithDefault("1h")
  Duration backoffMax();

  /** How long one try may take, connecting included; a slower receiver counts as failed. */
  @WithDefault("10s")
  Duration timeout();

  /** How many deliveries this instance sends at once (each on its own executor thread). */
  @WithDefault("8")
  int concurrency();

  /** How many deliveries of one webhook this instance sends at once, so one slow URL is capped. */
  @WithDefault("2")
  int perWebhookConcurrency();

  /** How often due deliveries are claimed and sent. */
  @WithDefault("1s")
  Duration dispatchInterval();

  /** How often finished tasks, pipelines and module changes are looked for. */
  @WithDefault("2s")
  Duration sweepInterval();

  /**
   * How far behind its cursor each sweep looks again, for results committed with an earlier time
   * than a previous sweep saw (another instance's clock, a slow commit). Events are never sent
   * twice for it: each has one delivery per webhook, by key.
   */
  @WithDefault("2m")
  Duration sweepLookback();

  /**
   * The service's address as receivers reach it, e.g. {@code https://taskmill.example.com}: output
   * content URLs in deliveries are absolute with it, and relative paths without it.
   */
  Optional<String> publicUrl();
}
