package dev.taskmill.health;

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

  FileStoreReadiness(FileStore store) {
    this.store = store;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("file-store").withData("root", store.describe());
    try {
      store.checkWritable();
      return response.up().build();
    } catch (IOException e) {
      return response.withData("error", "not writable: " + e.getMessage()).down().build();
    }
  }
}
