package dev.taskmill.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Set;

/**
 * A regular file inside a folder someone else writes to (a module's output folder), opened once
 * without following any link, so what is read is provably that folder's own file even while its
 * writer keeps changing names. Each folder on the way is opened relative to the one before it
 * ({@code openat}) and refused if it is a link; the file is opened with {@code O_NOFOLLOW}; its
 * type and link count are then read from the open descriptor (see {@link DescriptorAttributes}),
 * not from its name. The bytes are read from that descriptor: nothing here renames or follows a
 * path the writer controls.
 *
 * <p>The link count must hold at the moment of opening, when the file had its name in the folder;
 * read afterwards it may have changed (a second name added before, then the folder's name removed:
 * the count is back to 1 and the file is the outside one). Every link and unlink sets the inode's
 * ctime, which nobody can set back, so a count read from the descriptor whose ctime is older than
 * the open (by {@link #SETTLE}, the file system clock's coarseness; "the open" by that same clock,
 * read from a file created just before) is the count at the open. A file changed more recently is
 * opened again once it has settled; one that keeps changing is refused.
 */
public final class ConfinedFile implements Closeable {

  /** Why a path is not a file of the folder; the message names it relative to the folder. */
  public static final class Refused extends Exception {
    Refused(Path relative, String why) {
      super("'" + relative + "' " + why);
    }
  }

  /** More than the file system clock's coarseness (a jiffy: at most 10 ms). */
  static final Duration SETTLE = Duration.ofMillis(50);

  private static final int OPENS = 4;

  private final FileChannel channel;
  private final long size;

  private ConfinedFile(FileChannel channel, long size) {
    this.channel = channel;
    this.size = size;
  }

  /**
   * Opens {@code relative} (names only: no {@code ..}, not absolute) inside {@code folder}. The
   * folder's parent is trusted (it belongs to the service); the folder itself and everything below
   * it is not, and is walked without following links.
   *
   * @throws Refused when it is not a regular file of the folder with a single name
   * @throws IOException when the file system fails otherwise
   */
  public static ConfinedFile open(Path folder, Path relative) throws Refused, IOException {
    NoFollowWalk.checkNames(relative);
    Deque<DirectoryStream<Path>> opened = new ArrayDeque<>();
    try {
      SecureDirectoryStream<Path> dir =
          NoFollowWalk.secure(Files.newDirectoryStream(folder.getParent()));
      opened.push(dir);
      dir = NoFollowWalk.enter(dir, folder.getFileName(), relative, "(the output folder itself)");
      opened.push(dir);
      for (int i = 0; i < relative.getNameCount() - 1; i++) {
        dir =
            NoFollowWalk.enter(
                dir, relative.getName(i), relative, "(its folder " + relative.getName(i) + ")");
        opened.push(dir);
      }
      for (int i = 1; ; i++) {
        Instant opening = FileSystemClock.now(folder.getParent());
        ConfinedFile file = openFile(dir, relative, folder.resolve(relative), opening);
        if (file != null) {
          return file;
        }
        if (i == OPENS) {
          throw new Refused(relative, "kept changing while it was being published");
        }
        FileSystemClock.settle();
      }
    } finally {
      for (DirectoryStream<Path> dir : opened) {
        dir.close();
      }
    }
  }

  /** The file's size when it was opened: {@link #content} reads no more than this. */
  public long size() {
    return size;
  }

  /** The file's bytes from its start, at most {@link #size}: a writer appending does not count. */
  public InputStream content() throws IOException {
    channel.position(0);
    return new CappedInputStream(Channels.newInputStream(channel), size);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** The file, or null when it changed too recently to tell its link count at the open. */
  private static ConfinedFile openFile(
      SecureDirectoryStream<Path> dir, Path relative, Path full, Instant opening)
      throws Refused, IOException {
    Path name = relative.getFileName();
    BasicFileAttributes before = NoFollowWalk.attributes(dir, name, relative);
    if (before.isSymbolicLink()) {
      throw new Refused(relative, "is a symbolic link");
    }
    if (!before.isRegularFile()) {
      throw new Refused(relative, "is not a regular file");
    }
    SeekableByteChannel opened;
    try {
      opened = dir.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      throw NoFollowWalk.changedOr(e, dir, name, relative, before, "");
    }
    if (!(opened instanceof FileChannel channel)) {
      opened.close();
      throw new IOException("a file opened relative to a folder is not a FileChannel");
    }
    try {
      DescriptorAttributes.Attributes open = openAttributes(channel, dir, name, full, before);
      if (!open.regularFile()) {
        throw new Refused(relative, "is not a regular file");
      }
      if (open.links() == 0) {
        throw new Refused(relative, "was deleted while it was being published");
      }
      if (open.links() != 1) {
        throw new Refused(
            relative,
            "has "
                + open.links()
                + " names (a hard link): only a file the module wrote itself is published");
      }
      if (!open.changed().isBefore(opening.minus(SETTLE))) {
        channel.close();
        return null;
      }
      return new ConfinedFile(channel, open.size());
    } catch (Refused | IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static DescriptorAttributes.Attributes openAttributes(
      FileChannel channel,
      SecureDirectoryStream<Path> dir,
      Path name,
      Path full,
      BasicFileAttributes before)
      throws IOException {
    var fromDescriptor = DescriptorAttributes.of(channel);
    if (fromDescriptor.isPresent()) {
      return fromDescriptor.get();
    }
    // No /proc (not Linux): the same inode by name before and after opening, and its link count by
    // name. Weaker (a writer could swap names twice in between); said so in docs/security.
    BasicFileAttributes after =
        dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .readAttributes();
    if (before.fileKey() == null || !Objects.equals(before.fileKey(), after.fileKey())) {
      return new DescriptorAttributes.Attributes(false, 0, 0, Instant.MAX);
    }
    int links =
        ((Number) Files.getAttribute(full, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
    return new DescriptorAttributes.Attributes(
        after.isRegularFile(), links, channel.size(), Instant.MIN);
  }
}
