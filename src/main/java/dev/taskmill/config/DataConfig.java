package dev.taskmill.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;

/** Settings of data items. */
public interface DataConfig {
  /**
   * Inline TEXT or JSON content (UTF-8 bytes) up to this size is kept in the item's MongoDB
   * document; larger content goes to the file store, transparently to clients. MongoDB caps a
   * document at 16 MiB, and small documents keep listing fast.
   */
  @WithDefault("262144")
  int inlineLimitBytes();

  /** Items per page of {@code GET /api/v1/data} when the request gives no {@code size}. */
  @WithDefault("50")
  int defaultPageSize();

  /**
   * The largest request body, i.e. the largest upload (also {@code quarkus.http.limits
   * .max-body-size}); a larger one gets 413 before any of it is read.
   */
  @WithDefault("10G")
  MemorySize maxUploadSize();
}
