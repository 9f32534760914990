package dev.taskmill.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The type, link count and size of an open file, read from its descriptor rather than from a name
 * that may point elsewhere by now. Java has no {@code fstat}; on Linux {@code /proc/self/fd/<n>} is
 * a link the kernel resolves to the open file itself, so a {@code stat} of it is an {@code fstat}.
 * The descriptor's number {@code n} is not public either: the channel is moved to a random position
 * (a nonce no other descriptor of this process holds) and {@code /proc/self/fdinfo/*} tells which
 * descriptor is at that position. The channel stays open meanwhile, so that number cannot be reused
 * by another file between the two reads.
 */
final class DescriptorAttributes {

  private static final Path FD_INFO = Path.of("/proc/self/fdinfo");
  private static final Path FD = Path.of("/proc/self/fd");
  private static final int TYPE_MASK = 0170000;
  private static final int REGULAR = 0100000;

  /** What {@code fstat} would say; {@code changed} is the inode's ctime. */
  record Attributes(boolean regularFile, int links, long size, Instant changed) {}

  private DescriptorAttributes() {}

  /** Whether this system can answer ({@code /proc} mounted, Linux). */
  static boolean available() {
    return Files.isDirectory(FD_INFO) && Files.isDirectory(FD);
  }

  /**
   * The attributes of the file {@code channel} has open; empty when the descriptor cannot be found
   * (no {@code /proc}). Leaves the channel's position where it was.
   *
   * @throws IOException when {@code /proc} fails
   */
  static Optional<Attributes> of(FileChannel channel) throws IOException {
    if (!available()) {
      return Optional.empty();
    }
    long saved = channel.position();
    try {
      Path info = findByPosition(channel, null);
      if (info == null) {
        return Optional.of(
            new Attributes(false, 0, 0, Instant.MAX)); // cannot seek: a pipe or a device
      }
      // Twice, with another nonce: a descriptor of another thread that happened to sit at the
      // first position does not sit at the second one too.
      if (!info.equals(findByPosition(channel, info))) {
        throw new IOException("the open file's descriptor was not found in " + FD_INFO);
      }
      // stat follows the /proc link to the open file: this is fstat on our descriptor.
      Map<String, Object> unix =
          Files.readAttributes(FD.resolve(info.getFileName()), "unix:mode,nlink,size,ctime");
      int mode = ((Number) unix.get("mode")).intValue();
      return Optional.of(
          new Attributes(
              (mode & TYPE_MASK) == REGULAR,
              ((Number) unix.get("nlink")).intValue(),
              ((Number) unix.get("size")).longValue(),
              ((FileTime) unix.get("ctime")).toInstant()));
    } finally {
      channel.position(saved);
    }
  }

  /**
   * Moves {@code channel} to a fresh random position and returns the fdinfo entry showing it (only
   * {@code candidate} is read when given); null when the channel cannot be positioned. Positions
   * stay below 2^40: file systems refuse to seek past their largest file (ext4: 16 TiB).
   */
  private static Path findByPosition(FileChannel channel, Path candidate) throws IOException {
    long nonce = ThreadLocalRandom.current().nextLong(1L << 32, 1L << 40);
    try {
      channel.position(nonce);
    } catch (IOException notSeekable) {
      return null;
    }
    String marker = "pos:\t" + nonce + "\n";
    if (candidate != null) {
      return shows(candidate, marker) ? candidate : null;
    }
    try (DirectoryStream<Path> infos = Files.newDirectoryStream(FD_INFO)) {
      for (Path info : infos) {
        if (shows(info, marker)) {
          return info;
        }
      }
    }
    throw new IOException("the open file's descriptor is not listed in " + FD_INFO);
  }

  private static boolean shows(Path info, String marker) {
    try {
      String text = Files.readString(info);
      return text.startsWith(marker) || text.contains("\n" + marker);
    } catch (IOException closedMeanwhile) {
      return false; // another thread's descriptor, closed while listing
    }
  }
}
