package dev.taskmill.mongo;

import dev.taskmill.config.TaskmillConfig;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts the embedded server before anything touches MongoDB, when the configuration still points
 * at it. Priority 1 runs this observer ahead of the application's other start-up observers.
 *
 * <p>JVM mode only: a native build (profile {@code native}) leaves this bean, and with it the
 * embedded server (H2, not native-safe), out of the executable; it then needs {@code
 * QUARKUS_MONGODB_CONNECTION_STRING}.
 */
@Singleton
@UnlessBuildProperty(name = "quarkus.native.enabled", stringValue = "true", enableIfMissing = true)
public class EmbeddedMongoStarter {

  private final TaskmillConfig config;
  private final String connectionString;
  private EmbeddedMongo server;

  EmbeddedMongoStarter(
      TaskmillConfig config,
      @ConfigProperty(name = "quarkus.mongodb.connection-string") String connectionString) {
    this.config = config;
    this.connectionString = connectionString;
  }

  void onStart(@Observes @Priority(1) StartupEvent event) {
    if (shouldStart()) {
      server = EmbeddedMongo.start(config.embeddedMongo().file(), config.embeddedMongo().port());
    }
  }

  /** Last of the shutdown observers, so everything else stops while the database still answers. */
  void onStop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Whether the embedded server is running in this process. */
  public boolean isRunning() {
    return server != null;
  }

  boolean shouldStart() {
    return config
        .embeddedMongo()
        .enabled()
        .orElseGet(() -> pointsAtEmbedded(connectionString, config.embeddedMongo().port()));
  }

  static boolean pointsAtEmbedded(String connectionString, int port) {
    String trimmed = connectionString.strip();
    String expected = "mongodb://127.0.0.1:" + port;
    return trimmed.equals(expected)
        || trimmed.startsWith(expected + "/")
        || trimmed.startsWith(expected + "?");
  }
}
