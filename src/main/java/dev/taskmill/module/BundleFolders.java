package dev.taskmill.module;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The modules uploaded as zips, as unpacked on this instance (implemented in {@code module/bundle},
 * which builds on this package): detection asks for them beside the modules folder, and a task runs
 * in its module's unpacked folder.
 */
public interface BundleFolders {

  /**
   * Unpacks the bundles this instance lacks (fetched from the file store by checksum) and deletes
   * the folders of retired or replaced ones.
   */
  Synced sync();

  /** Where the bundle called {@code name} is unpacked here, if it is. */
  Optional<Path> folderOf(String name);

  /** One unpacked bundle: its folder and the SHA-256 of the zip it came from. */
  record Unpacked(Path dir, String bundle) {}

  /**
   * The result of a sync.
   *
   * @param unpacked every bundle unpacked here, by module name
   * @param unavailable bundles that could not be fetched or unpacked here this time: detection
   *     leaves their modules alone rather than calling them gone
   */
  record Synced(Map<String, Unpacked> unpacked, Set<String> unavailable) {}
}
