package dev.taskmill.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** The clock that sets ctimes in a folder, which {@link ConfinedFile} compares link changes to. */
final class FileSystemClock {

  private static final boolean UNIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

  private FileSystemClock() {}

  /**
   * The time by the clock that sets ctimes in {@code dir}: a network file system's server may be
   * ahead of this machine. Read from a file created just now (a name swapped under it can only show
   * an older time, which makes the check stricter, not weaker).
   */
  static Instant now(Path dir) throws IOException {
    if (!UNIX) {
      return Instant.now();
    }
    Path probe = Files.createTempFile(dir, ".clock-", ".tmp");
    try {
      return ((FileTime) Files.getAttribute(probe, "unix:ctime", LinkOption.NOFOLLOW_LINKS))
          .toInstant();
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  /** Waits for the file system clock to pass a change just seen. */
  static void settle() throws IOException {
    try {
      Thread.sleep(ConfinedFile.SETTLE.toMillis() + 10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while publishing");
    }
  }
}
