package dev.taskmill.module;

import static com.mongodb.client.model.Updates.set;

import dev.taskmill.config.TaskmillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The module work of an instance that runs tasks: detection passes run here, on their own
 * single-thread executor, never on a request thread; a pass asked for while one runs joins it. Each
 * pass records its state in the database, so api instances can report it, and runs the passes they
 * request.
 */
@ApplicationScoped
@Typed(LocalDetection.class)
class LocalDetection implements ModuleWork {

  private static final Logger LOG = Logger.getLogger(LocalDetection.class);

  private final ModuleRepository repository;
  private final SetupQueue setups;
  private final EnvironmentSweep sweep;
  private final VirtualEnvs venvs;
  private final TaskmillConfig config;
  private final DetectionRequests requests;
  private final DetectionEvents events;
  private final BundleFolders bundles;
  private final Clock clock;
  private final AtomicReference<DetectionRun> current = new AtomicReference<>();
  private final ExecutorService detector =
      Executors.newSingleThreadExecutor(SetupQueue.named("module-detect"));

  /** The id of the latest requested pass this instance ran (or chose not to run). */
  private volatile String handledRequest;

  LocalDetection(
      ModuleRepository repository,
      SetupQueue setups,
      EnvironmentSweep sweep,
      VirtualEnvs venvs,
      TaskmillConfig config,
      DetectionRequests requests,
      DetectionEvents events,
      BundleFolders bundles,
      Clock clock) {
    this.bundles = bundles;
    this.repository = repository;
    this.setups = setups;
    this.sweep = sweep;
    this.venvs = venvs;
    this.config = config;
    this.requests = requests;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void start() {
    try {
      // The start-up pass covers what was asked for before this instance ran.
      handledRequest = requests.requested().orElse(null);
    } catch (RuntimeException e) {
      LOG.debugf("could not read detection requests: %s", e.getMessage());
    }
    if (config.modules().detectOnStart()) {
      detect();
    }
  }

  @Override
  public void stop() {
    detector.shutdownNow();
    setups.stop();
  }

  @Override
  public void runRequestedPasses() {
    DetectionRun running = current.get();
    if (running != null && running.running()) {
      return;
    }
    try {
      requests
          .requested()
          .filter(id -> !id.equals(handledRequest))
          .ifPresent(
              id -> {
                handledRequest = id;
                LOG.infof("running detection pass %s, asked for by an api instance", id);
                start(id);
              });
    } catch (RuntimeException e) {
      LOG.debugf("could not read detection requests: %s", e.getMessage());
    }
  }

  @Override
  public DetectionRun detect() {
    return start(UUID.randomUUID().toString());
  }

  @Override
  public DetectionRun detectEverywhere() {
    DetectionRun asked = new DetectionRun(UUID.randomUUID().toString(), clock.instant());
    requests.request(asked);
    DetectionRun started = start(asked.id());
    if (started.id().equals(asked.id())) {
      handledRequest = asked.id();
    }
    // Otherwise a pass was running here already: it may have read the bundles before the change,
    // so this instance runs the requested one after it, like every other worker.
    return started;
  }

  @Override
  public DetectionRun lastDetection() {
    return current.get();
  }

  @Override
  public void setUpSoon(String name) {
    setups.submit(name);
  }

  @Override
  public boolean isSettingUp(String name) {
    return setups.isSettingUp(name);
  }

  @Override
  public void sweepEnvironments() {
    sweep.sweep(clock.instant().minus(config.modules().venvRetention()));
  }

  private DetectionRun start(String id) {
    while (true) {
      DetectionRun running = current.get();
      if (running != null && running.running()) {
        return running;
      }
      DetectionRun run = new DetectionRun(id, clock.instant());
      if (current.compareAndSet(running, run)) {
        record(run);
        events.publish(run);
        detector.execute(() -> detectNow(run));
        return run;
      }
    }
  }

  /** Keeps the pass's state in the database, so an api instance can report it. */
  private void record(DetectionRun run) {
    try {
      requests.record(run);
    } catch (RuntimeException e) {
      LOG.debugf("could not record detection pass %s: %s", run.id(), e.getMessage());
    }
  }

  private void detectNow(DetectionRun run) {
    String error = null;
    try {
      venvs.refresh();
      List<Future<?>> started = new ArrayList<>();
      Map<String, ModuleFolder> folders = new HashMap<>();
      for (ModuleFolder folder : ModuleFolder.scan(setups.modulesDir())) {
        folders.put(folder.name(), folder);
      }
      // An uploaded bundle stands for its name: uploads refuse a name a folder module has.
      BundleFolders.Synced synced = bundles.sync();
      Map<String, String> bundleOf = new HashMap<>();
      synced
          .unpacked()
          .forEach(
              (name, unpacked) -> {
                folders.put(name, ModuleFolder.of(name, unpacked.dir()));
                bundleOf.put(name, unpacked.bundle());
              });
      Map<String, Module> records = new HashMap<>();
      for (Module module : repository.listAll()) {
        records.put(module.name, module);
      }
      Set<String> names = new TreeSet<>(folders.keySet());
      names.addAll(records.keySet());
      names.removeAll(synced.unavailable());
      for (String name : names) {
        ModuleFolder folder = folders.get(name);
        Module record = records.get(name);
        String envKey =
            folder == null
                ? null
                : venvs.envKey(folder.checksum(), record == null ? null : record.envSalt);
        boolean ready =
            record != null && record.envKey != null && venvs.isReady(name, record.envKey);
        DetectionDecision decision =
            DetectionDecision.decide(folder, record, envKey, ready, setups.isSettingUp(name));
        run.count(decision);
        apply(decision, name, folder, record, bundleOf.get(name)).ifPresent(started::add);
      }
      for (Future<?> future : started) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted: the service is shutting down";
    } catch (Exception e) {
      LOG.error("module detection failed", e);
      error = "detection failed: " + e.getMessage();
    } finally {
      run.finish(clock.instant(), error);
      record(run);
      events.publish(run);
    }
  }

  private Optional<Future<?>> apply(
      DetectionDecision decision, String name, ModuleFolder folder, Module record, String bundle) {
    switch (decision) {
      case NEW -> {
        if (repository.insertDetected(name, folder.checksum(), bundle)) {
          return Optional.of(setups.submit(name));
        }
      }
      case CHANGED -> {
        if (repository
            .transition(
                name,
                List.of(record.status),
                ModuleStatus.DETECTED,
                set("checksum", folder.checksum()),
                set("bundle", bundle),
                set("detectedAt", clock.instant()),
                set("reason", null))
            .isPresent()) {
          return Optional.of(setups.submit(name));
        }
      }
      case RESUME -> {
        return Optional.of(setups.submit(name));
      }
      case GONE ->
          repository.transition(
              name,
              List.of(record.status),
              ModuleStatus.MISSING,
              set(
                  "reason",
                  record.bundle == null
                      ? "its folder modules/" + name + " is gone"
                      : "its uploaded bundle was removed"));
      case UNCHANGED -> {
        if (record != null && folder != null && !Objects.equals(record.bundle, bundle)) {
          // Re-zipped with the same files: the module is the same, its zip is the new one.
          repository.updateIn(name, record.status, set("bundle", bundle));
        }
      }
    }
    return Optional.empty();
  }
}
