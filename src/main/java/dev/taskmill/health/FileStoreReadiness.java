package dev.taskmill.health;

import dev.taskmill.config.ServerPaths;
import dev.taskmill.store.FileStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when a file can be written to and removed from the file store. */
@Readiness
@ApplicationScoped
public class FileStoreReadiness implements HealthCheck {

  private final FileStore store;
  private final ServerPaths paths;

  FileStoreReadiness(FileStore store, ServerPaths paths) {
    this.store = store;
    this.paths = paths;
  }

  @Override
  public HealthCheckResponse call() {
    // Health is public: it names the store as configured, never where the host keeps it.
    var response =
        HealthCheckResponse.named("file-store").withData("root", paths.hide(store.describe()));
    try {
      store.checkWritable();
      return response.up().build();
    } catch (IOException e) {
      return response
          .withData("error", "not writable: " + paths.hide(e.getMessage()))
          .down()
          .build();
    }
  }
}
