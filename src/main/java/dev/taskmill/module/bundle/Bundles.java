package dev.taskmill.module.bundle;

import dev.taskmill.config.BundlesConfig;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.failure.Conflict;
import dev.taskmill.failure.Invalid;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleFolder;
import dev.taskmill.module.ModuleRegistry;
import dev.taskmill.store.FileStore;
import dev.taskmill.store.Folders;
import dev.taskmill.store.Sha256;
import dev.taskmill.store.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Module bundles: uploading a zip (checked completely before anything is stored) and retiring one.
 * Every instance that sets modules up then unpacks and sets up the version it lacks in a detection
 * pass ({@link BundleSync}), as it does for a folder module.
 */
@ApplicationScoped
public class Bundles {

  private static final Logger LOG = Logger.getLogger(Bundles.class);

  private final ModuleRegistry registry;
  private final FileStore store;
  private final BundleSync local;
  private final BundlesConfig config;
  private final Clock clock;

  Bundles(
      ModuleRegistry registry,
      FileStore store,
      BundleSync local,
      TaskmillConfig config,
      Clock clock) {
    this.registry = registry;
    this.store = store;
    this.local = local;
    this.config = config.modules().bundles();
    this.clock = clock;
  }

  /** What an upload did. */
  public record Uploaded(Module module, boolean changed) {}

  /**
   * Stores {@code zip} as the new version of a bundle and has every instance set it up.
   *
   * @param name the module's name, or null to take the zip's top folder or file name
   * @param fileName the uploaded file's name, for the default name
   * @param uploadedBy the user id of the uploader
   * @return the module; unchanged when the same zip is the current version already
   */
  public Uploaded upload(Path zip, String name, String fileName, String uploadedBy)
      throws IOException {
    long size = Files.size(zip);
    long maxZip = config.maxZipSize().asLongValue();
    if (size > maxZip) {
      throw new Invalid(
          "The zip is "
              + size
              + " bytes; the most accepted is "
              + maxZip
              + " (taskmill.modules.bundles.max-zip-size).");
    }
    BundleUnpacker.Unpacked unpacked = check(zip);
    String module = nameOf(name, unpacked.layout(), fileName);
    if (registry.isFolderModule(module)) {
      throw new Conflict(
          "A module '"
              + module
              + "' is in the modules folder; an upload may not replace it. Upload under another"
              + " name (the form's 'name' field), or remove the folder module first.");
    }
    String checksum = Sha256.of(zip);
    Bundle existing = Bundle.findById(module);
    if (existing != null && checksum.equals(existing.checksum)) {
      return new Uploaded(registry.get(module), false);
    }
    StoredFile stored = store.importFile(zip);
    Bundle bundle = new Bundle();
    bundle.name = module;
    bundle.checksum = stored.sha256();
    bundle.storageKey = stored.key();
    bundle.size = stored.size();
    bundle.files = unpacked.files();
    bundle.unpackedBytes = unpacked.bytes();
    bundle.uploadedBy = uploadedBy;
    bundle.uploadedAt = clock.instant();
    bundle.persistOrUpdate();
    if (existing != null && !existing.storageKey.equals(stored.key())) {
      deleteStored(existing.storageKey);
    }
    Module detected = registry.bundleUploaded(module, bundle.checksum);
    registry.detectEverywhere();
    LOG.infof("bundle %s uploaded (%s, %d bytes)", module, bundle.checksum, bundle.size);
    return new Uploaded(detected, true);
  }

  /**
   * Retires the bundle {@code name}: its record, its zip, its module entry, and (in the pass this
   * asks for) its unpacked folders on every instance. A module of the modules folder is removed
   * only when its folder is gone.
   */
  public void remove(String name) {
    Bundle bundle = Bundle.findById(name);
    if (bundle == null) {
      registry.removeFolderModule(name);
      return;
    }
    bundle.delete();
    deleteStored(bundle.storageKey);
    registry.forget(name);
    local.deleteLocal(name);
    registry.detectEverywhere();
    LOG.infof("bundle %s retired", name);
  }

  /** Unpacks the zip into a folder thrown away after: the whole check, before anything is kept. */
  private BundleUnpacker.Unpacked check(Path zip) throws IOException {
    Path trial = Files.createTempDirectory("taskmill-bundle-check-");
    try {
      return BundleUnpacker.of(config).unpack(zip, trial);
    } finally {
      Folders.deleteTree(trial);
    }
  }

  private static String nameOf(String given, BundleLayout layout, String fileName) {
    String name = given;
    if (name == null || name.isBlank()) {
      name = layout.topFolder();
    }
    if ((name == null || name.isBlank()) && fileName != null) {
      String file = Path.of(fileName.replace('\\', '/')).getFileName().toString();
      name =
          file.toLowerCase(Locale.ROOT).endsWith(".zip")
              ? file.substring(0, file.length() - 4)
              : file;
    }
    if (name == null || name.isBlank()) {
      throw Invalid.field(
          "name", "say the module's name: the zip has no top folder to take it from");
    }
    name = name.strip();
    if (!ModuleFolder.isValidName(name)) {
      throw Invalid.field(
          "name",
          "'"
              + name
              + "' is not a valid module name (lowercase letters, digits and '-', starting with a"
              + " letter or digit, at most 63)");
    }
    return name;
  }

  private void deleteStored(String key) {
    try {
      store.delete(key);
    } catch (IOException | UncheckedIOException e) {
      // The orphan sweep deletes it later: no bundle record refers to it any more.
      LOG.warnf("cannot delete stored bundle zip now: %s", e.getMessage());
    }
  }
}
