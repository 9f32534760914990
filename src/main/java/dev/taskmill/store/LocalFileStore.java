package dev.taskmill.store;

import dev.taskmill.config.TaskmillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file store in a local (or shared, mounted) folder. */
@ApplicationScoped
public class LocalFileStore implements FileStore {

  private final Path root;

  LocalFileStore(TaskmillConfig config) {
    this.root = Path.of(config.fileStore().root()).toAbsolutePath().normalize();
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public void checkWritable() throws IOException {
    Files.createDirectories(root);
    Path probe = Files.createTempFile(root, ".health-", ".tmp");
    Files.delete(probe);
  }
}
