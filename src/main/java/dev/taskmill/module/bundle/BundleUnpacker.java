package dev.taskmill.module.bundle;

import dev.taskmill.config.BundlesConfig;
import dev.taskmill.failure.Invalid;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks a bundle zip into a new folder, checking it on the way: the names and layout ({@link
 * BundleLayout}), symbolic links, the entry count, and the bytes actually inflated against {@code
 * taskmill.modules.bundles.max-unpacked-size} (a zip's declared sizes can lie). The same check runs
 * when a zip is uploaded (into a folder thrown away after) and whenever an instance unpacks one.
 */
final class BundleUnpacker {

  /** What a zip unpacked to. */
  record Unpacked(BundleLayout layout, int files, long bytes) {}

  private final int maxEntries;
  private final long maxBytes;

  BundleUnpacker(int maxEntries, long maxBytes) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  static BundleUnpacker of(BundlesConfig config) {
    return new BundleUnpacker(config.maxEntries(), config.maxUnpackedSize().asLongValue());
  }

  /**
   * Unpacks {@code zip} into {@code target}, an empty folder; on an {@link Invalid} zip, what was
   * written stays for the caller to delete with the folder.
   */
  Unpacked unpack(Path zip, Path target) throws IOException {
    List<ZipEntries.Entry> entries = ZipEntries.read(zip, maxEntries);
    BundleLayout layout = BundleLayout.of(entries);
    Path root = target.toAbsolutePath().normalize();
    int files = 0;
    long[] bytes = {0};
    try (ZipFile archive = new ZipFile(zip.toFile())) {
      for (ZipEntries.Entry entry : entries) {
        String inside = layout.target(entry.name());
        if (inside == null) {
          continue;
        }
        Path out = root.resolve(inside).normalize();
        if (!out.startsWith(root) || out.equals(root)) {
          // BundleLayout refused every such name; this guards the guard.
          throw new Invalid("The zip entry '" + entry.name() + "' points outside the bundle.");
        }
        if (entry.directory()) {
          Files.createDirectories(out);
          continue;
        }
        ZipEntry stored = archive.getEntry(entry.name());
        if (stored == null) {
          throw ZipEntries.notAZip();
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = archive.getInputStream(stored);
            OutputStream written = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW)) {
          copy(in, written, bytes);
        }
        files++;
      }
    } catch (ZipException e) {
      throw new Invalid("The zip is damaged and cannot be unpacked: " + e.getMessage() + ".");
    }
    return new Unpacked(layout, files, bytes[0]);
  }

  private void copy(InputStream in, OutputStream out, long[] total) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    int read;
    while ((read = in.read(buffer)) >= 0) {
      total[0] += read;
      if (total[0] > maxBytes) {
        throw new Invalid(
            "The zip unpacks to more than "
                + maxBytes
                + " bytes (taskmill.modules.bundles.max-unpacked-size); it is refused.");
      }
      out.write(buffer, 0, read);
    }
  }
}
