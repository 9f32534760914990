package dev.taskmill.config;

import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of the embedded MongoDB-wire server (mongo-java-server with its H2 backend). */
public interface EmbeddedMongoConfig {
  /**
   * Whether to start the embedded server. When unset it starts exactly when {@code
   * quarkus.mongodb.connection-string} still points at {@code mongodb://127.0.0.1:<port>}, the
   * default; setting {@code QUARKUS_MONGODB_CONNECTION_STRING} to a real MongoDB turns it off.
   */
  Optional<Boolean> enabled();

  /** Loopback port the embedded server listens on. */
  @WithDefault("27027")
  int port();

  /**
   * H2 data file that keeps the embedded database across restarts. Set it to {@code memory} for a
   * throw-away in-memory database (used by the tests).
   */
  @WithDefault("data/taskmill.mv")
  String file();
}
