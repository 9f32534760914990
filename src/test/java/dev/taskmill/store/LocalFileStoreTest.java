package dev.taskmill.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class LocalFileStoreTest extends FileStoreContract {

  @TempDir Path root;
  @TempDir Path scratch;
  private LocalFileStore store;

  @BeforeEach
  void createStore() {
    store = new LocalFileStore(root);
  }

  @Override
  protected FileStore store() {
    return store;
  }

  @Override
  protected Path scratch() {
    return scratch;
  }

  @Override
  protected void leaveInterruptedWrite() throws IOException {
    Files.createDirectories(root.resolve("tmp"));
    Files.write(root.resolve("tmp/upload-123.part"), new byte[] {1, 2, 3});
  }

  @Override
  protected long interruptedWrites() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
      return files.count();
    }
  }
}
