package dev.taskmill.module;

import static com.mongodb.client.model.Updates.set;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.events.Events;
import dev.taskmill.failure.Conflict;
import dev.taskmill.failure.NotFound;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * The module registry: detection passes and admin actions. Detection and setup run on their own
 * bounded executors, never on a request thread; a detection asked for while one runs joins it.
 */
@ApplicationScoped
public class ModuleRegistry {

  private static final Logger LOG = Logger.getLogger(ModuleRegistry.class);
  private static final Set<ModuleStatus> REINSTALLABLE =
      EnumSet.of(ModuleStatus.AVAILABLE, ModuleStatus.FAILED, ModuleStatus.DETECTED);

  private static final java.security.SecureRandom SALTS = new java.security.SecureRandom();

  private final ModuleRepository repository;
  private final ModuleSetup setup;
  private final VirtualEnvs venvs;
  private final TaskmillConfig config;
  private final Events events;
  private final DetectionRequests requests;
  private final Clock clock;
  private final AtomicReference<DetectionRun> current = new AtomicReference<>();
  private final Set<String> settingUp = ConcurrentHashMap.newKeySet();

  /** The id of the latest requested pass this instance ran (or chose not to run). */
  private volatile String handledRequest;

  private final ExecutorService detector;
  private final ExecutorService setupPool;

  ModuleRegistry(
      ModuleRepository repository,
      ModuleSetup setup,
      VirtualEnvs venvs,
      TaskmillConfig config,
      Events events,
      DetectionRequests requests,
      Clock clock) {
    this.repository = repository;
    this.setup = setup;
    this.venvs = venvs;
    this.config = config;
    this.events = events;
    this.requests = requests;
    this.clock = clock;
    this.detector = Executors.newSingleThreadExecutor(named("module-detect"));
    this.setupPool =
        Executors.newFixedThreadPool(
            Math.max(1, config.modules().setupConcurrency()), named("module-setup"));
  }

  void onStart(@Observes StartupEvent event) {
    // An api instance runs no module, so it sets none up: workers do, and share the result.
    if (config.role().runsTasks()) {
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
  }

  /**
   * Runs the passes that an api instance asked for (Detect, enable, reinstall there): one pass per
   * request, after the pass that runs now, if any.
   */
  @Scheduled(
      every = "${taskmill.modules.request-poll-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void runRequestedPasses() {
    if (!config.role().runsTasks()) {
      return;
    }
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

  void onStop(@Observes ShutdownEvent event) {
    detector.shutdownNow();
    setupPool.shutdownNow();
  }

  /** The folder modules are found in. */
  public Path modulesDir() {
    return Path.of(config.modules().dir()).toAbsolutePath().normalize();
  }

  /**
   * Starts a detection pass, or returns the one that is running. An instance that sets nothing up
   * (role api) asks the workers for one through the database instead.
   */
  public DetectionRun detect() {
    if (!config.role().runsTasks()) {
      DetectionRun run = new DetectionRun(UUID.randomUUID().toString(), clock.instant());
      requests.request(run);
      requests.record(run);
      publish(run);
      return run;
    }
    return start(UUID.randomUUID().toString());
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
        publish(run);
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

  /** A {@code detection} event when a pass starts and when it finishes, for live dashboards. */
  private void publish(DetectionRun run) {
    try {
      events.publish("detection", run.id(), run.summary());
    } catch (RuntimeException e) {
      LOG.debugf("could not publish the detection event: %s", e.getMessage());
    }
  }

  /**
   * The latest detection pass, or null before the first: this instance's own, or on an instance
   * that sets nothing up, the latest one a worker recorded (or this one requested).
   */
  public DetectionRun lastDetection() {
    if (!config.role().runsTasks()) {
      return requests.latest().orElse(null);
    }
    return current.get();
  }

  private void detectNow(DetectionRun run) {
    String error = null;
    try {
      venvs.refresh();
      List<Future<?>> started = new ArrayList<>();
      Map<String, ModuleFolder> folders = new HashMap<>();
      for (ModuleFolder folder : ModuleFolder.scan(modulesDir())) {
        folders.put(folder.name(), folder);
      }
      Map<String, Module> records = new HashMap<>();
      for (Module module : repository.listAll()) {
        records.put(module.name, module);
      }
      Set<String> names = new java.util.TreeSet<>(folders.keySet());
      names.addAll(records.keySet());
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
            DetectionDecision.decide(folder, record, envKey, ready, settingUp.contains(name));
        run.count(decision);
        apply(decision, name, folder, record).ifPresent(started::add);
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
      publish(run);
    }
  }

  private java.util.Optional<Future<?>> apply(
      DetectionDecision decision, String name, ModuleFolder folder, Module record) {
    switch (decision) {
      case NEW -> {
        if (repository.insertDetected(name, folder.checksum())) {
          return java.util.Optional.of(submitSetup(name));
        }
      }
      case CHANGED -> {
        if (repository
            .transition(
                name,
                List.of(record.status),
                ModuleStatus.DETECTED,
                set("checksum", folder.checksum()),
                set("detectedAt", clock.instant()),
                set("reason", null))
            .isPresent()) {
          return java.util.Optional.of(submitSetup(name));
        }
      }
      case RESUME -> {
        return java.util.Optional.of(submitSetup(name));
      }
      case GONE ->
          repository.transition(
              name,
              List.of(record.status),
              ModuleStatus.MISSING,
              set("reason", "its folder modules/" + name + " is gone"));
      case UNCHANGED -> {}
    }
    return java.util.Optional.empty();
  }

  /** Sets a DETECTED module up here, or on an instance that sets nothing up, asks the workers. */
  private void setUpSoon(String name) {
    if (config.role().runsTasks()) {
      submitSetup(name);
    } else {
      detect();
    }
  }

  private Future<?> submitSetup(String name) {
    if (!settingUp.add(name)) {
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
    return setupPool.submit(
        () -> {
          try {
            // Loop: enable or a change may have put it back to DETECTED while this run worked.
            while (repository
                .find(name)
                .map(m -> m.status == ModuleStatus.DETECTED)
                .orElse(false)) {
              if (setup.run(modulesDir().resolve(name)).isEmpty()) {
                break;
              }
            }
          } catch (RuntimeException e) {
            if (ModuleSetup.shuttingDown(e)) {
              LOG.infof("setup of module %s stopped: the service is shutting down", name);
            } else {
              LOG.errorf(e, "setting up module %s failed", name);
            }
          } finally {
            settingUp.remove(name);
          }
        });
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
    setUpSoon(name);
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
    if (settingUp.contains(name)) {
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
    setUpSoon(name);
    return detected;
  }

  private static String newSalt() {
    byte[] bytes = new byte[8];
    SALTS.nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
  }

  private static Conflict conflict(String name, String action) {
    return new Conflict(
        "Module '" + name + "' changed while it was being " + action + "; try again.");
  }

  /**
   * Deletes cached environments that no module of this database uses any more and that nobody ran
   * in for {@code taskmill.modules.venv-retention}: those of changed or reinstalled modules.
   * Instances (or test runs) that share the cache folder keep theirs by using them.
   */
  @Scheduled(
      every = "${taskmill.modules.venv-sweep-interval:6h}",
      delay = 1,
      delayUnit = java.util.concurrent.TimeUnit.MINUTES,
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweepEnvironments() {
    if (config.role().runsTasks()) {
      sweepEnvironments(clock.instant().minus(config.modules().venvRetention()));
    }
  }

  /** The sweep with an explicit cutoff; returns the deleted environment folders. */
  public List<String> sweepEnvironments(java.time.Instant cutoff) {
    Set<String> keep = new java.util.HashSet<>();
    for (Module module : repository.listAll()) {
      if (module.envKey != null) {
        keep.add(module.name + "-" + module.envKey);
      }
    }
    List<String> deleted = venvs.sweep(keep, cutoff);
    if (!deleted.isEmpty()) {
      LOG.infof("deleted %d unused module environments: %s", deleted.size(), deleted);
    }
    return deleted;
  }

  /** Module counts by status, for health and dashboards. */
  public Map<ModuleStatus, Integer> countByStatus() {
    Map<ModuleStatus, Integer> counts = new java.util.EnumMap<>(ModuleStatus.class);
    for (ModuleStatus status : ModuleStatus.values()) {
      counts.put(status, 0);
    }
    for (Module module : repository.listAll()) {
      counts.merge(module.status, 1, Integer::sum);
    }
    return counts;
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
