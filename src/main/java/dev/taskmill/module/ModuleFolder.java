package dev.taskmill.module;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One folder under the modules folder, as found on disk.
 *
 * @param checksum SHA-256 over the relative paths and contents of its files, caches excluded
 */
public record ModuleFolder(String name, Path dir, boolean hasMain, String checksum) {

  /** The file every Python module has. */
  public static final String MAIN = "main.py";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** Whether the folder name is a valid module name. */
  public boolean hasValidName() {
    return isValidName(name);
  }

  /** Whether {@code name} is a valid module name: lowercase letters, digits and '-'. */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** Lists every module folder under {@code modulesDir}, sorted by name. */
  public static List<ModuleFolder> scan(Path modulesDir) {
    if (!Files.isDirectory(modulesDir)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(modulesDir)) {
      return children
          .filter(Files::isDirectory)
          .filter(dir -> !isIgnored(dir.getFileName().toString()))
          .sorted()
          .map(ModuleFolder::of)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + modulesDir, e);
    }
  }

  /** Reads one module folder. */
  public static ModuleFolder of(Path dir) {
    return of(dir.getFileName().toString(), dir);
  }

  /** Reads the folder of module {@code name} (an unpacked bundle's folder is not named by it). */
  public static ModuleFolder of(String name, Path dir) {
    return new ModuleFolder(
        name,
        dir.toAbsolutePath().normalize(),
        Files.isRegularFile(dir.resolve(MAIN)),
        checksum(dir));
  }

  /** SHA-256 over the relative paths and contents of the files under {@code dir}. */
  public static String checksum(Path dir) {
    MessageDigest digest = sha256();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile)
          .filter(file -> !isIgnoredPath(dir.relativize(file)))
          .forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    files.sort(null);
    byte[] buffer = new byte[8192];
    for (Path file : files) {
      digest.update(dir.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        while (in.read(buffer) >= 0) {
          // DigestInputStream feeds the digest as it reads.
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      digest.update((byte) 0);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static boolean isIgnoredPath(Path relative) {
    for (Path part : relative) {
      if (isIgnored(part.toString())) {
        return true;
      }
    }
    String file = relative.getFileName().toString();
    return file.endsWith(".pyc") || file.endsWith(".pyo");
  }

  // Hidden files, caches and build leftovers do not change what a module does.
  private static boolean isIgnored(String name) {
    return name.startsWith(".")
        || name.equals("__pycache__")
        || name.endsWith(".egg-info")
        || name.equals("node_modules");
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
