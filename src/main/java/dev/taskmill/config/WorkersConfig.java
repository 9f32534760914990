package dev.taskmill.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Warm module workers (docs/module-protocol.md "Warm workers", docs/decisions.md). */
public interface WorkersConfig {

  /**
   * Run protocol-2 modules in warm workers (one process serves many tasks). Off: every task gets a
   * fresh process, as in protocol 1.
   */
  @WithDefault("true")
  boolean enabled();

  /** How long an idle worker is kept when its module does not say ({@code worker_idle_seconds}). */
  @WithDefault("5m")
  Duration idleTimeout();

  /**
   * Most idle workers kept at once, over all modules: starting one more stops the one idle longest.
   * Each holds its module's memory (a loaded model) while it waits.
   */
  @WithDefault("4")
  int maxIdle();

  /** How often idle workers are looked at for stopping. */
  @WithDefault("5s")
  Duration sweepInterval();

  /** How long a worker asked to stop may take before it is killed. */
  @WithDefault("5s")
  Duration stopGrace();
}
