package dev.taskmill.module.bundle;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.failure.Invalid;
import dev.taskmill.module.BundleFolders;
import dev.taskmill.store.FileStore;
import dev.taskmill.store.Folders;
import dev.taskmill.store.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps this instance's unpacked bundles in step with the bundle records: a version it lacks is
 * fetched from the file store, its checksum verified, unpacked into a temporary folder and renamed
 * into place ({@code <bundles dir>/<name>/<sha12>/}), so a reader never sees half a bundle and two
 * instances sharing the folder by mistake both end with one complete copy. Folders of retired or
 * replaced versions are deleted.
 */
@ApplicationScoped
class BundleSync implements BundleFolders {

  private static final Logger LOG = Logger.getLogger(BundleSync.class);

  /** Characters of the checksum that name a version's folder. */
  static final int VERSION_CHARS = 12;

  private final FileStore store;
  private final BundleUnpacker unpacker;
  private final Path root;

  /** Module name → the folder of its current version here, as of the last sync. */
  private final Map<String, Path> current = new ConcurrentHashMap<>();

  BundleSync(FileStore store, TaskmillConfig config) {
    this.store = store;
    this.unpacker = BundleUnpacker.of(config.modules().bundles());
    this.root = bundlesDir(config);
  }

  static Path bundlesDir(TaskmillConfig config) {
    return Path.of(config.modules().bundles().dir()).toAbsolutePath().normalize();
  }

  @Override
  public synchronized Synced sync() {
    Map<String, Unpacked> unpacked = new HashMap<>();
    Set<String> unavailable = new TreeSet<>();
    List<Bundle> bundles = Bundle.listAll();
    for (Bundle bundle : bundles) {
      Path dir = versionDir(bundle.name, bundle.checksum);
      try {
        if (!Files.isDirectory(dir)) {
          fetch(bundle, dir);
        }
        unpacked.put(bundle.name, new Unpacked(dir, bundle.checksum));
      } catch (IOException | RuntimeException e) {
        LOG.warnf("cannot unpack bundle %s here, next pass again: %s", bundle.name, e.getMessage());
        unavailable.add(bundle.name);
      }
    }
    current.clear();
    unpacked.forEach((name, version) -> current.put(name, version.dir()));
    deleteOthers(unpacked, unavailable);
    return new Synced(Map.copyOf(unpacked), Set.copyOf(unavailable));
  }

  @Override
  public Optional<Path> folderOf(String name) {
    Path known = current.get(name);
    if (known != null) {
      return Optional.of(known);
    }
    // Before this process's first sync: the one version a previous run left here.
    Path versions = root.resolve(name);
    if (!Files.isDirectory(versions)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(versions)) {
      Path only = null;
      for (Path child : children) {
        if (!child.getFileName().toString().startsWith(".")) {
          if (only != null) {
            return Optional.empty();
          }
          only = child;
        }
      }
      return Optional.ofNullable(only);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Deletes this instance's copies of {@code name}, whatever the version (it was retired). */
  void deleteLocal(String name) {
    current.remove(name);
    Folders.deleteTree(root.resolve(name));
  }

  private Path versionDir(String name, String checksum) {
    return root.resolve(name).resolve(checksum.substring(0, VERSION_CHARS));
  }

  private void fetch(Bundle bundle, Path dir) throws IOException {
    Path versions = dir.getParent();
    Files.createDirectories(versions);
    String temp = ".tmp-" + UUID.randomUUID();
    Path zip = versions.resolve(temp + ".zip");
    Path unpacking = versions.resolve(temp);
    try {
      try (InputStream in = store.open(bundle.storageKey, 0)) {
        Files.copy(in, zip);
      }
      String checksum = Sha256.of(zip);
      if (!checksum.equals(bundle.checksum)) {
        throw new IOException(
            "the stored zip's SHA-256 is " + checksum + ", not the recorded " + bundle.checksum);
      }
      Files.createDirectory(unpacking);
      unpacker.unpack(zip, unpacking);
      try {
        Files.move(unpacking, dir, StandardCopyOption.ATOMIC_MOVE);
        LOG.infof("unpacked bundle %s (%s)", bundle.name, bundle.checksum.substring(0, 12));
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        // Another process unpacked the same version first: its copy is as good.
      }
    } catch (Invalid e) {
      throw new IOException("the stored zip is not a valid bundle: " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(zip);
      Folders.deleteTree(unpacking);
    }
  }

  private void deleteOthers(Map<String, Unpacked> kept, Set<String> unavailable) {
    if (!Files.isDirectory(root)) {
      return;
    }
    Set<Path> keep = new HashSet<>();
    kept.values().forEach(version -> keep.add(version.dir()));
    try (DirectoryStream<Path> names = Files.newDirectoryStream(root)) {
      for (Path name : names) {
        String module = name.getFileName().toString();
        if (module.startsWith(".") || unavailable.contains(module)) {
          continue;
        }
        if (!kept.containsKey(module)) {
          Folders.deleteTree(name);
          continue;
        }
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(name)) {
          for (Path version : versions) {
            if (!keep.contains(version) && !version.getFileName().toString().startsWith(".tmp-")) {
              Folders.deleteTree(version);
            }
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // Left for the next pass: a stale copy takes room, it does not run.
      LOG.warnf("cannot delete old bundle folders under %s: %s", root, e.getMessage());
    }
  }
}
