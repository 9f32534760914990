package dev.taskmill.config;

import io.smallrye.config.WithDefault;

/** Settings of every subprocess the service starts (module runs, describe, self-test, pip). */
public interface ProcessesConfig {
  /**
   * Put each process into its own cgroup v2, below the service's own, when that is writable: the
   * service then kills the whole group when the process ends. Elsewhere the launcher (a child
   * subreaper) and a sweep of the processes carrying the process's mark do the same job.
   */
  @WithDefault("true")
  boolean cgroup();

  /**
   * Longest stderr line kept, in bytes; the rest of a longer line is dropped without being held in
   * memory, and the line says how many bytes were dropped.
   */
  @WithDefault("65536")
  int maxLineBytes();

  /**
   * Longest stdout line kept, in bytes: stdout carries the protocol messages, and a {@code result}
   * holds the inline output values, so it gets more room than stderr. A longer result is cut and is
   * then no result at all (docs/module-protocol.md).
   */
  @WithDefault("16777216")
  int maxStdoutLineBytes();
}
