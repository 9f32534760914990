package dev.taskmill.module;

import static com.mongodb.client.model.Updates.set;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.failure.Conflict;
import dev.taskmill.failure.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * The module registry: the modules, their admin actions and detection passes. Passes and setups are
 * this instance's {@link ModuleWork}, chosen once from its role: they run here on a worker, and an
 * api instance asks the workers for them.
 */
@ApplicationScoped
public class ModuleRegistry {

  private static final Set<ModuleStatus> REINSTALLABLE =
      EnumSet.of(ModuleStatus.AVAILABLE, ModuleStatus.FAILED, ModuleStatus.DETECTED);

  private static final SecureRandom SALTS = new SecureRandom();

  private static final Logger LOG = Logger.getLogger(ModuleRegistry.class);

  private final ModuleRepository repository;
  private final ModuleWork work;
  private final EnvironmentSweep sweep;
  private final ModuleFolders folders;
  private final TaskmillConfig config;
  private final Clock clock;

  ModuleRegistry(
      ModuleRepository repository,
      ModuleWork work,
      EnvironmentSweep sweep,
      ModuleFolders folders,
      TaskmillConfig config,
      Clock clock) {
    this.folders = folders;
    this.repository = repository;
    this.work = work;
    this.sweep = sweep;
    this.config = config;
    this.clock = clock;
  }

  /** The folder modules are found in. */
  public Path modulesDir() {
    return SetupQueue.modulesDir(config);
  }

  /**
   * Starts a detection pass, or returns the one that is running. An instance that sets nothing up
   * (role api) asks the workers for one through the database instead.
   */
  public DetectionRun detect() {
    return work.detect();
  }

  /**
   * The latest detection pass, or null before the first: this instance's own, or on an instance
   * that sets nothing up, the latest one a worker recorded (or this one requested).
   */
  public DetectionRun lastDetection() {
    return work.lastDetection();
  }

  /** Every module, by name. */
  public List<Module> list() {
    return repository.listAll();
  }

  /** The module called {@code name}, or a 404 problem. */
  public Module get(String name) {
    return repository.find(name).orElseThrow(() -> NotFound.of("module", name));
  }

  /** Switches a module off: it accepts no tasks and detection leaves it alone. */
  public Module disable(String name) {
    Module module = get(name);
    if (module.status == ModuleStatus.DISABLED) {
      return module;
    }
    return repository
        .transition(
            name,
            ModuleStatus.allowedFrom(ModuleStatus.DISABLED),
            ModuleStatus.DISABLED,
            set("reason", "disabled by an admin"))
        .orElseThrow(() -> conflict(name, "disabled"));
  }

  /** Switches a disabled module back on: it is set up and self-tested again. */
  public Module enable(String name) {
    Module module = get(name);
    if (module.status != ModuleStatus.DISABLED) {
      return module;
    }
    Module detected =
        repository
            .transition(
                name,
                List.of(ModuleStatus.DISABLED),
                ModuleStatus.DETECTED,
                set("reason", null),
                set("detectedAt", clock.instant()))
            .orElseThrow(() -> conflict(name, "enabled"));
    work.setUpSoon(name);
    return detected;
  }

  /**
   * Sets the module up and tests it again in a brand-new environment: a fresh salt gives it a new
   * environment key. Nothing is deleted here (this runs on a request thread, and tasks may still
   * run in the old environment, here or on another instance sharing the cache); the cache sweep
   * removes the old environment once it has gone unused for the retention period.
   */
  public Module reinstall(String name) {
    Module module = get(name);
    if (!REINSTALLABLE.contains(module.status)) {
      throw new Conflict(
          "Module '"
              + name
              + "' is "
              + module.status
              + "; only an AVAILABLE or FAILED module can be reinstalled"
              + (module.status == ModuleStatus.DISABLED ? " (enable it first)." : "."));
    }
    if (work.isSettingUp(name)) {
      throw new Conflict("Module '" + name + "' is being set up right now.");
    }
    Bson salt = set("envSalt", newSalt());
    Module detected =
        (module.status == ModuleStatus.DETECTED
                ? repository.updateIn(name, ModuleStatus.DETECTED, salt)
                : repository.transition(
                    name,
                    List.of(module.status),
                    ModuleStatus.DETECTED,
                    salt,
                    set("reason", null),
                    set("detectedAt", clock.instant())))
            .orElseThrow(() -> conflict(name, "reinstalled"));
    work.setUpSoon(name);
    return detected;
  }

  /**
   * Whether {@code name} is taken by a module of the modules folder: its folder exists, or its
   * entry is one of a folder module. An upload may not take that name.
   */
  public boolean isFolderModule(String name) {
    if (Files.exists(folders.folderModuleDir(name))) {
      return true;
    }
    return repository.find(name).map(m -> m.bundle == null).orElse(false);
  }

  /**
   * Records a new version of bundle {@code name} (the SHA-256 of its zip): the module is DETECTED
   * until the instances have unpacked and set it up; a DISABLED one stays disabled.
   */
  public Module bundleUploaded(String name, String bundle) {
    if (repository.insertDetected(name, null, bundle)) {
      return get(name);
    }
    Module module = get(name);
    if (module.status == ModuleStatus.DISABLED || module.status == ModuleStatus.DETECTED) {
      return repository
          .updateIn(name, module.status, set("bundle", bundle))
          .orElseGet(() -> get(name));
    }
    return repository
        .transition(
            name,
            List.of(module.status),
            ModuleStatus.DETECTED,
            set("bundle", bundle),
            set("reason", null),
            set("detectedAt", clock.instant()))
        .orElseThrow(() -> conflict(name, "replaced"));
  }

  /** Has every instance that sets modules up run a detection pass. */
  public DetectionRun detectEverywhere() {
    return work.detectEverywhere();
  }

  /** Removes the entry of a retired bundle. */
  public void forget(String name) {
    repository.delete(name);
  }

  /**
   * Removes the entry of a folder module whose folder is gone; a folder that still exists is a
   * conflict (detection would only find it again).
   */
  public void removeFolderModule(String name) {
    Module module = get(name);
    if (Files.exists(folders.folderModuleDir(name))) {
      throw new Conflict(
          "Module '"
              + name
              + "' is in the modules folder (modules/"
              + name
              + "); remove that folder, run Detect, then remove the module.");
    }
    if (module.status != ModuleStatus.MISSING) {
      // Its folder went since the last pass: the entry goes all the same.
      LOG.infof("removing module %s (%s); its folder is gone", name, module.status);
    }
    repository.delete(name);
  }

  private static String newSalt() {
    byte[] bytes = new byte[8];
    SALTS.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static Conflict conflict(String name, String action) {
    return new Conflict(
        "Module '" + name + "' changed while it was being " + action + "; try again.");
  }

  /**
   * Deletes cached environments that no module of this database uses any more and that nobody ran
   * in since {@code cutoff}; returns the deleted environment folders.
   */
  public List<String> sweepEnvironments(Instant cutoff) {
    return sweep.sweep(cutoff);
  }

  /** Module counts by status, for health and dashboards. */
  public Map<ModuleStatus, Integer> countByStatus() {
    Map<ModuleStatus, Integer> counts = new EnumMap<>(ModuleStatus.class);
    for (ModuleStatus status : ModuleStatus.values()) {
      counts.put(status, 0);
    }
    for (Module module : repository.listAll()) {
      counts.merge(module.status, 1, Integer::sum);
    }
    return counts;
  }
}
