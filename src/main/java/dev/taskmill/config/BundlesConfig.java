package dev.taskmill.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;

/** Module bundles: modules uploaded as a zip ({@code POST /api/v1/modules}). */
public interface BundlesConfig {

  /**
   * Local folder each instance unpacks bundles into, one {@code <name>-<sha8>} folder per version;
   * never shared between instances (each unpacks its own copy from the file store).
   */
  @WithDefault("data/bundles")
  String dir();

  /** The largest zip accepted, as uploaded. */
  @WithDefault("256M")
  MemorySize maxZipSize();

  /**
   * The most bytes a zip may unpack to, counted while inflating (a zip's own size fields are not
   * trusted), so a zip bomb is refused before it fills the disk.
   */
  @WithDefault("1G")
  MemorySize maxUnpackedSize();

  /** The most entries (files and folders) a zip may have. */
  @WithDefault("10000")
  int maxEntries();
}
