package dev.taskmill.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a store imports must be a regular file with its own inode: a symbolic link would serve
 * whatever it points at, and through a second name its bytes could change after their sha256 was
 * recorded.
 */
public final class OwnFiles {

  private static final boolean UNIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

  private OwnFiles() {}

  /** Fails unless {@code file} is a regular file with a single name. */
  public static void refuseLinks(Path file) throws IOException {
    BasicFileAttributes attributes =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      throw new IOException("not a regular file (a link, a folder or a device): " + file);
    }
    if (UNIX && links(file) != 1) {
      throw new IOException("a file with several names (a hard link) is not stored: " + file);
    }
  }

  private static int links(Path file) throws IOException {
    return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
  }
}
