package dev.taskmill.module;

import dev.taskmill.config.TaskmillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;

/** Where a module's files are on this instance: its unpacked bundle, else the modules folder. */
@ApplicationScoped
public class ModuleFolders {

  private final BundleFolders bundles;
  private final Path modulesDir;

  ModuleFolders(BundleFolders bundles, TaskmillConfig config) {
    this.bundles = bundles;
    this.modulesDir = SetupQueue.modulesDir(config);
  }

  /** The folder module {@code name} runs in here. */
  public Path dirOf(String name) {
    return bundles.folderOf(name).orElseGet(() -> modulesDir.resolve(name));
  }

  /**
   * The folder a module in the modules folder called {@code name} has (whether it exists or not).
   */
  public Path folderModuleDir(String name) {
    return modulesDir.resolve(name);
  }
}
