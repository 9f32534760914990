package dev.taskmill.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a folder, and what only a folder store promises: its objects on disk. */
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

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private byte[] read(String key) throws IOException {
    try (InputStream in = store.open(key, 0)) {
      return in.readAllBytes();
    }
  }

  /** What the store holds for {@code key} is a read-only regular file with a single name. */
  private void assertOwnReadOnlyFile(String key) throws IOException {
    Path object = store.localPath(key);
    assertThat(Files.isSymbolicLink(object)).as("a link").isFalse();
    assertThat(Files.isRegularFile(object, LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.getAttribute(object, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1);
    assertThat(Files.getPosixFilePermissions(object, LinkOption.NOFOLLOW_LINKS))
        .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("r--r--r--"));
  }

  @Test
  void writtenAndImportedObjectsAreReadOnlyRegularFilesWithTheirOwnInode() throws Exception {
    assertOwnReadOnlyFile(store.write(new ByteArrayInputStream(randomBytes(1000))).key());
    Path file = Files.write(scratch().resolve("output.bin"), randomBytes(1000));
    assertOwnReadOnlyFile(store.importFile(file).key());
  }

  @Test
  void anAccidentalWriteToAStoredObjectFails() throws Exception {
    // root ignores permissions: there the permission bits are checked above, not enforced here.
    Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "runs as root");
    String key = store.write(new ByteArrayInputStream(randomBytes(10))).key();
    assertThatThrownBy(() -> Files.write(store.localPath(key), new byte[] {1}))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(read(key)).hasSize(10);
  }
}
