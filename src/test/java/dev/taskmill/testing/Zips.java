package dev.taskmill.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds zips in memory for bundle tests, including hostile ones a zip tool would not write. */
public final class Zips {

  private static final int CENTRAL_ENTRY = 0x02014b50;
  private static final long FIXED_TIME = 1_700_000_000_000L;

  private Zips() {}

  /**
   * A zip of {@code files}, name → content, in order; a name ending in "/" is a folder. The same
   * files in the same order give the same bytes.
   */
  public static byte[] of(Map<String, byte[]> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        ZipEntry entry = new ZipEntry(file.getKey());
        entry.setTime(FIXED_TIME); // the same files give the same bytes, so the same checksum
        zip.putNextEntry(entry);
        zip.write(file.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A zip of text files, name → text. */
  public static byte[] ofText(Map<String, String> files) {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
    return of(bytes);
  }

  /** Marks the entry {@code name} as a Unix symbolic link in the zip's central directory. */
  public static byte[] markSymlink(byte[] zip, String name) {
    return patchCentral(
        zip,
        name,
        (entry, at) -> {
          entry.putShort(at + 4, (short) ((3 << 8) | 30)); // made by Unix
          entry.putInt(at + 38, 0120777 << 16);
        });
  }

  /** Makes the central directory claim every entry unpacks to {@code size} bytes. */
  public static byte[] claimSize(byte[] zip, String name, int size) {
    return patchCentral(zip, name, (entry, at) -> entry.putInt(at + 24, size));
  }

  /** Replaces every occurrence of {@code from} by {@code to} (same length): entry names. */
  public static byte[] rename(byte[] zip, String from, String to) {
    byte[] find = from.getBytes(StandardCharsets.UTF_8);
    byte[] replace = to.getBytes(StandardCharsets.UTF_8);
    byte[] out = zip.clone();
    for (int i = 0; i + find.length <= out.length; i++) {
      boolean match = true;
      for (int j = 0; j < find.length && match; j++) {
        match = out[i + j] == find[j];
      }
      if (match) {
        System.arraycopy(replace, 0, out, i, replace.length);
      }
    }
    return out;
  }

  private interface Patch {
    void apply(ByteBuffer zip, int entryAt);
  }

  private static byte[] patchCentral(byte[] zip, String name, Patch patch) {
    byte[] out = zip.clone();
    ByteBuffer buffer = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at + 46 < out.length; at++) {
      if (buffer.getInt(at) != CENTRAL_ENTRY) {
        continue;
      }
      int nameLength = Short.toUnsignedInt(buffer.getShort(at + 28));
      if (nameLength == wanted.length
          && new String(out, at + 46, nameLength, StandardCharsets.UTF_8).equals(name)) {
        patch.apply(buffer, at);
        return out;
      }
    }
    throw new IllegalArgumentException("no central directory entry " + name);
  }
}
