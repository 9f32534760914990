package dev.taskmill.store;

import dev.taskmill.store.ConfinedFile.Refused;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The steps {@link ConfinedFile} takes through a folder someone else writes to: names checked, each
 * folder opened relative to the one before ({@code openat}) and never through a link, and a failed
 * open told apart from a name the writer swapped meanwhile.
 */
final class NoFollowWalk {

  private NoFollowWalk() {}

  static void checkNames(Path relative) throws Refused {
    if (relative.isAbsolute() || relative.getNameCount() == 0) {
      throw new Refused(relative, "is not a path inside the output folder");
    }
    for (Path name : relative) {
      String text = name.toString();
      if (text.isEmpty() || text.equals(".") || text.equals("..")) {
        throw new Refused(relative, "is not a plain path inside the output folder (no . or ..)");
      }
    }
  }

  static SecureDirectoryStream<Path> secure(DirectoryStream<Path> dir) throws IOException {
    if (dir instanceof SecureDirectoryStream<Path> secure) {
      return secure;
    }
    dir.close();
    // Without openat a path could be swapped for a link between check and use: refuse to publish.
    throw new IOException("this platform cannot open files relative to a folder (no openat)");
  }

  static SecureDirectoryStream<Path> enter(
      SecureDirectoryStream<Path> parent, Path name, Path relative, String which)
      throws Refused, IOException {
    BasicFileAttributes attributes = attributes(parent, name, relative);
    if (attributes.isSymbolicLink()) {
      throw new Refused(relative, "is inside a symbolic link " + which);
    }
    if (!attributes.isDirectory()) {
      throw new Refused(relative, "is not inside a folder " + which);
    }
    try {
      // O_NOFOLLOW: a folder swapped for a link since the check above fails here.
      return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw changedOr(e, parent, name, relative, attributes, which);
    }
  }

  /**
   * How the JDK reports ELOOP from an open with {@code NOFOLLOW_LINKS}: the last name was a
   * symbolic link (sun.nio.fs.UnixException; it has no subclass of its own).
   */
  private static final String NO_FOLLOW_LOOP = "(NOFOLLOW_LINKS specified)";

  /**
   * After opening failed: a refusal when the name no longer is what was checked (gone, a link now
   * or at the open, or another file: the writer swapped it), else the file system's own error,
   * rethrown.
   */
  static Refused changedOr(
      IOException error,
      SecureDirectoryStream<Path> dir,
      Path name,
      Path relative,
      BasicFileAttributes checked,
      String which)
      throws IOException {
    Refused changed =
        new Refused(relative, ("changed while it was being published " + which).strip());
    if (String.valueOf(error.getMessage()).contains(NO_FOLLOW_LOOP)) {
      // The name was a link when the no-follow open ran: refused, even if it is back to the same
      // file by now (a name flipped twice between the checks would otherwise look unchanged).
      return changed;
    }
    try {
      BasicFileAttributes now = attributes(dir, name, relative);
      if (now.isSymbolicLink()
          || now.isRegularFile() != checked.isRegularFile()
          || now.isDirectory() != checked.isDirectory()
          || !Objects.equals(now.fileKey(), checked.fileKey())) {
        return changed;
      }
    } catch (Refused gone) {
      return changed;
    }
    throw error;
  }

  static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name, Path relative)
      throws Refused, IOException {
    try {
      return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .readAttributes();
    } catch (NoSuchFileException e) {
      throw new Refused(relative, "does not exist");
    }
  }
}
