package dev.taskmill.module;

import static com.mongodb.client.model.Updates.set;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.MongoInterruptedException;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.process.BoundedLog;
import dev.taskmill.store.Folders;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Sets up one DETECTED module: INSTALLING (virtual environment, SDK, describe, requirements), then
 * TESTING (its self-test), then AVAILABLE or FAILED with the reason. Runs on the setup executor,
 * never on a request thread. Each step is a conditional update owned by this run's setup id, so a
 * run overtaken by a newer one (files changed, reinstall, disable) just stops.
 */
@ApplicationScoped
public class ModuleSetup {

  private static final Logger LOG = Logger.getLogger(ModuleSetup.class);

  private final ModuleRepository repository;
  private final VirtualEnvs venvs;
  private final ModuleProtocol protocol;
  private final SelfTestRunner selfTests;
  private final TaskmillConfig config;
  private final Clock clock;

  ModuleSetup(
      ModuleRepository repository,
      VirtualEnvs venvs,
      ModuleProtocol protocol,
      SelfTestRunner selfTests,
      TaskmillConfig config,
      Clock clock) {
    this.repository = repository;
    this.venvs = venvs;
    this.protocol = protocol;
    this.selfTests = selfTests;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Sets up module {@code name}, whose files are in {@code dir}, if it is still DETECTED; returns
   * its final status.
   */
  public Optional<ModuleStatus> run(String name, Path dir) {
    ModuleFolder folder = ModuleFolder.of(name, dir);
    String setupId = UUID.randomUUID().toString();
    Optional<Module> claimed =
        repository.transition(
            name,
            List.of(ModuleStatus.DETECTED),
            ModuleStatus.INSTALLING,
            set("setupId", setupId),
            set("checksum", folder.checksum()),
            set("reason", null),
            set("setupLog", null),
            set("testLog", null),
            set("testReport", null));
    if (claimed.isEmpty()) {
      return Optional.empty();
    }
    // The salt is read from the claimed record: a reinstall changes it only outside a setup run.
    String envKey = venvs.envKey(folder.checksum(), claimed.get().envSalt);
    if (repository
        .updateOwned(name, setupId, ModuleStatus.INSTALLING, set("envKey", envKey))
        .isEmpty()) {
      return Optional.empty();
    }
    LOG.infof("setting up module %s", name);
    StringBuilder setupLog = new StringBuilder();
    try {
      checkFolder(folder);
      Path venv;
      Manifest manifest;
      Module.Resources resources;
      try (VirtualEnvs.EnvLock lock = venvs.lock(name, envKey)) {
        venv = venvs.create(name, envKey, setupLog);
        manifest = protocol.describe(venv, folder.dir(), setupLog);
        checkManifest(folder, manifest);
        resources = resources(manifest);
        repository.updateOwned(name, setupId, ModuleStatus.INSTALLING, manifestUpdates(manifest));
        if (!venvs.isReady(name, envKey)) {
          venvs.installRequirements(venv, manifest.requirementsOrEmpty(), setupLog);
          venvs.markReady(venv);
        }
      }
      if (repository
          .transitionOwned(
              name,
              setupId,
              ModuleStatus.INSTALLING,
              ModuleStatus.TESTING,
              set("setupLog", bounded(setupLog)))
          .isEmpty()) {
        return Optional.empty();
      }
      return test(name, setupId, envKey, manifest.workers(), venv, folder.dir(), resources);
    } catch (SetupFailure failure) {
      return fail(
          name, setupId, ModuleStatus.INSTALLING, failure.getMessage(), setupLog, null, null);
    } catch (RuntimeException e) {
      if (shuttingDown(e)) {
        throw e;
      }
      LOG.errorf(e, "setting up module %s failed unexpectedly", name);
      return fail(
          name, setupId, ModuleStatus.INSTALLING, "setup failed: " + e, setupLog, null, null);
    }
  }

  private Optional<ModuleStatus> test(
      String name,
      String setupId,
      String envKey,
      Module.Workers workers,
      Path venv,
      Path dir,
      Module.Resources resources) {
    Path workDir = null;
    try {
      workDir = Files.createTempDirectory("taskmill-selftest-" + name + "-");
      ModuleProtocol.Outcome outcome =
          selfTests.selfTest(name, envKey, workers, resources, venv, dir, workDir);
      String report = outcome.result() == null ? null : outcome.result().toString();
      if (outcome.process().succeeded() && passed(outcome.result())) {
        Optional<Module> available =
            repository.transitionOwned(
                name,
                setupId,
                ModuleStatus.TESTING,
                ModuleStatus.AVAILABLE,
                set("testLog", bounded(outcome.process().log())),
                set("testReport", report),
                set("availableAt", clock.instant()));
        LOG.infof("module %s is %s", name, available.isPresent() ? "AVAILABLE" : "overtaken");
        return available.map(m -> m.status);
      }
      String reason = "self-test failed: " + testFailure(outcome);
      return fail(
          name, setupId, ModuleStatus.TESTING, reason, null, outcome.process().log(), report);
    } catch (SetupFailure failure) {
      return fail(name, setupId, ModuleStatus.TESTING, failure.getMessage(), null, null, null);
    } catch (IOException e) {
      return fail(
          name,
          setupId,
          ModuleStatus.TESTING,
          "cannot create a work folder: " + e,
          null,
          null,
          null);
    } finally {
      if (workDir != null) {
        Folders.deleteTree(workDir);
      }
    }
  }

  /** An interrupt means the service is stopping; the next start resumes the setup. */
  static boolean shuttingDown(RuntimeException e) {
    return Thread.currentThread().isInterrupted() || e instanceof MongoInterruptedException;
  }

  private static boolean passed(JsonNode result) {
    return result != null && result.path("ok").asBoolean(false);
  }

  private String testFailure(ModuleProtocol.Outcome outcome) {
    JsonNode result = outcome.result();
    if (result != null && result.path("checks").isArray()) {
      for (JsonNode check : result.get("checks")) {
        if (!check.path("ok").asBoolean(true)) {
          String message = check.path("message").asText("");
          return "check '"
              + check.path("name").asText("?")
              + "' failed"
              + (message.isBlank() ? "" : ": " + message);
        }
      }
    }
    return protocol.explain(outcome, "the self-test");
  }

  private void checkFolder(ModuleFolder folder) throws SetupFailure {
    if (!folder.hasValidName()) {
      throw new SetupFailure(
          "folder name '"
              + folder.name()
              + "' is not a valid module name (lowercase letters, digits and '-')");
    }
    if (!folder.hasMain()) {
      throw new SetupFailure(
          "no main.py in modules/" + folder.name() + ": a module needs a main.py with its class");
    }
  }

  private static void checkManifest(ModuleFolder folder, Manifest manifest) throws SetupFailure {
    if (!folder.name().equals(manifest.name())) {
      throw new SetupFailure(
          "main.py declares the name '"
              + manifest.name()
              + "' but the module is called '"
              + folder.name()
              + "' (its folder under modules/, or the name of its uploaded bundle); rename one"
              + " so they match");
    }
    if (manifest.outputs() == null || manifest.outputs().isEmpty()) {
      throw new SetupFailure("the module declares no outputs");
    }
  }

  private static Module.Resources resources(Manifest manifest) {
    return manifest.resources() == null
        ? new Module.Resources()
        : manifest.resources().toResources();
  }

  private static Bson[] manifestUpdates(Manifest manifest) {
    List<Module.Port> inputs =
        manifest.inputs() == null
            ? List.of()
            : manifest.inputs().stream().map(Manifest.PortSpec::toPort).toList();
    List<Module.Port> outputs = manifest.outputs().stream().map(Manifest.PortSpec::toPort).toList();
    Module.Resources resources = resources(manifest);
    return new Bson[] {
      set("version", manifest.version()),
      set("description", manifest.description()),
      set("inputs", inputs),
      set("outputs", outputs),
      set("paramsSchema", manifest.params() == null ? null : manifest.params().toString()),
      set("requirements", manifest.requirementsOrEmpty()),
      set("resources", resources),
      set("timeoutSeconds", manifest.timeoutSeconds()),
      set("protocol", manifest.protocol()),
      set("workers", manifest.workers()),
      // Only an explicit false refuses reuse: a manifest of an older SDK does not say.
      set("reusable", !Boolean.FALSE.equals(manifest.reusable())),
      set("maxConcurrent", manifest.maxConcurrentOrNull()),
      set("labels", manifest.labelsOrEmpty())
    };
  }

  private Optional<ModuleStatus> fail(
      String name,
      String setupId,
      ModuleStatus from,
      String reason,
      CharSequence setupLog,
      String testLog,
      String report) {
    if (Thread.currentThread().isInterrupted()) {
      // Stopping: leave it INSTALLING/TESTING; the next start's detection redoes the setup.
      LOG.infof("setup of module %s interrupted by shutdown", name);
      return Optional.empty();
    }
    LOG.warnf("module %s FAILED: %s", name, reason);
    List<Bson> changes = new java.util.ArrayList<>();
    changes.add(set("reason", reason));
    if (setupLog != null) {
      changes.add(set("setupLog", bounded(setupLog)));
    }
    if (testLog != null) {
      changes.add(set("testLog", bounded(testLog)));
    }
    if (report != null) {
      changes.add(set("testReport", report));
    }
    return repository
        .transitionOwned(name, setupId, from, ModuleStatus.FAILED, changes.toArray(Bson[]::new))
        .map(m -> m.status);
  }

  private String bounded(CharSequence text) {
    BoundedLog log = new BoundedLog(config.modules().logLimitBytes());
    text.toString().lines().forEach(log::line);
    return log.toString();
  }
}
