package dev.taskmill.module.bundle;

import dev.taskmill.failure.Invalid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries of a zip as its central directory lists them, with what {@link java.util.zip.ZipFile}
 * does not tell: whether an entry is a symbolic link (its Unix mode in the external attributes).
 * Reads only the directory, so a zip with too many entries is refused before any is inflated.
 */
final class ZipEntries {

  /** One listed entry; {@code directory} when its name ends with a slash. */
  record Entry(String name, boolean directory, boolean symlink) {}

  private static final int END_SIGNATURE = 0x06054b50;
  private static final int ENTRY_SIGNATURE = 0x02014b50;
  private static final int END_SIZE = 22;
  private static final int MAX_COMMENT = 0xFFFF;
  private static final int UNIX = 3;
  private static final int FILE_TYPE = 0170000;
  private static final int SYMLINK = 0120000;

  private ZipEntries() {}

  /** Lists the entries of {@code zip}, refusing a file that is no zip or has over {@code max}. */
  static List<Entry> read(Path zip, int max) throws IOException {
    try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < END_SIZE) {
        throw notAZip();
      }
      int tailLength = (int) Math.min(size, END_SIZE + MAX_COMMENT);
      ByteBuffer tail = readAt(channel, size - tailLength, tailLength);
      int end = findEnd(tail);
      int count = Short.toUnsignedInt(tail.getShort(end + 10));
      long directorySize = Integer.toUnsignedLong(tail.getInt(end + 12));
      long directoryOffset = Integer.toUnsignedLong(tail.getInt(end + 16));
      if (count == 0xFFFF || directoryOffset == 0xFFFFFFFFL || directorySize == 0xFFFFFFFFL) {
        throw new Invalid(
            "The zip is a ZIP64 archive, which is not accepted: a module bundle is far smaller"
                + " than 4 GB and 65535 files, so zip it without ZIP64.");
      }
      if (count > max) {
        throw new Invalid(
            "The zip has "
                + count
                + " entries; a bundle may have at most "
                + max
                + " (taskmill.modules.bundles.max-entries).");
      }
      if (directoryOffset + directorySize > size) {
        throw notAZip();
      }
      return entries(readAt(channel, directoryOffset, (int) directorySize), count);
    }
  }

  private static List<Entry> entries(ByteBuffer directory, int count) {
    List<Entry> entries = new ArrayList<>(count);
    int at = 0;
    for (int i = 0; i < count; i++) {
      if (at + 46 > directory.limit() || directory.getInt(at) != ENTRY_SIGNATURE) {
        throw notAZip();
      }
      int madeBy = Short.toUnsignedInt(directory.getShort(at + 4)) >>> 8;
      int nameLength = Short.toUnsignedInt(directory.getShort(at + 28));
      int extraLength = Short.toUnsignedInt(directory.getShort(at + 30));
      int commentLength = Short.toUnsignedInt(directory.getShort(at + 32));
      int mode = directory.getInt(at + 38) >>> 16;
      if (at + 46 + nameLength > directory.limit()) {
        throw notAZip();
      }
      byte[] name = new byte[nameLength];
      directory.get(at + 46, name);
      String text = new String(name, StandardCharsets.UTF_8);
      boolean symlink = madeBy == UNIX && (mode & FILE_TYPE) == SYMLINK;
      entries.add(new Entry(text, text.endsWith("/"), symlink));
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }

  private static int findEnd(ByteBuffer tail) {
    for (int at = tail.limit() - END_SIZE; at >= 0; at--) {
      if (tail.getInt(at) == END_SIGNATURE) {
        return at;
      }
    }
    throw notAZip();
  }

  private static ByteBuffer readAt(FileChannel channel, long offset, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        throw notAZip();
      }
    }
    return buffer.flip();
  }

  static Invalid notAZip() {
    return new Invalid("The file is not a zip archive (or a damaged one): upload a .zip.");
  }
}
