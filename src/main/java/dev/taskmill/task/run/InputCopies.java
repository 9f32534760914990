package dev.taskmill.task.run;

import dev.taskmill.data.DamagedContentException;
import dev.taskmill.data.DataItem;
import dev.taskmill.store.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An attempt's private, read-only copies of its file inputs ({@code <attempt>/in/<port>}). A module
 * runs as the service's user, so no permission keeps it from writing to a file it is handed (it may
 * chmod it back); only a copy keeps the stored object out of its reach. The copy is verified
 * against the item's size and sha256 on the way, so a damaged stored object fails the task instead
 * of feeding it other bytes.
 *
 * <p>Each copy gets a fixed modification time ({@link #UNTOUCHED}): any write moves it, which is
 * how {@link #changed} tells the module wrote to its input. (A module that resets the time on
 * purpose only hides what it did to its own copy.)
 */
final class InputCopies {

  /** The modification time of an unchanged copy: the epoch, which no write produces. */
  static final FileTime UNTOUCHED = FileTime.fromMillis(0);

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private InputCopies() {}

  /** Where an attempt's input copies live. */
  static Path folder(Path attemptDir) {
    return attemptDir.resolve("in");
  }

  /** Copies {@code item}'s stored bytes to {@code target}, read-only, checking size and sha256. */
  static void copy(FileStore store, DataItem item, Path target) throws IOException {
    long size;
    MessageDigest digest = sha256();
    try (InputStream in = store.open(item.storageKey, 0);
        OutputStream out =
            new DigestOutputStream(
                Files.newOutputStream(target, StandardOpenOption.CREATE_NEW), digest)) {
      size = in.transferTo(out);
    } catch (NoSuchFileException e) {
      throw DamagedContentException.missing(item.id);
    }
    if (item.size != null && item.size != size) {
      throw DamagedContentException.size(item.id, item.size, size);
    }
    if (item.sha256 != null && !item.sha256.equals(HexFormat.of().formatHex(digest.digest()))) {
      throw DamagedContentException.digest(item.id);
    }
    if (POSIX) {
      // An accidental write fails (unless the module runs as root); a deliberate one shows below.
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--r--r--"));
    }
    Files.setLastModifiedTime(target, UNTOUCHED);
  }

  /** The name of a copy in {@code folder} written to since {@link #copy}; null if none was. */
  static String changed(Path folder) throws IOException {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try (DirectoryStream<Path> copies = Files.newDirectoryStream(folder)) {
      for (Path copy : copies) {
        BasicFileAttributes now =
            Files.readAttributes(copy, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!now.isRegularFile() || !now.lastModifiedTime().equals(UNTOUCHED)) {
          return copy.getFileName().toString();
        }
      }
    }
    return null;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
