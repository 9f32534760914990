package dev.taskmill.module;

import dev.taskmill.config.TaskmillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Sets DETECTED modules up on this instance, on a bounded executor ({@code
 * taskmill.modules.setup-concurrency}), never on a request thread; at most one setup per module at
 * a time.
 */
@ApplicationScoped
class SetupQueue {

  private static final Logger LOG = Logger.getLogger(SetupQueue.class);

  private final ModuleRepository repository;
  private final ModuleSetup setup;
  private final ModuleFolders folders;
  private final Path modulesDir;
  private final Set<String> settingUp = ConcurrentHashMap.newKeySet();
  private final ExecutorService pool;

  SetupQueue(
      ModuleRepository repository,
      ModuleSetup setup,
      ModuleFolders folders,
      TaskmillConfig config) {
    this.repository = repository;
    this.setup = setup;
    this.folders = folders;
    this.modulesDir = modulesDir(config);
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(1, config.modules().setupConcurrency()), named("module-setup"));
  }

  /** The folder modules are found in. */
  static Path modulesDir(TaskmillConfig config) {
    return Path.of(config.modules().dir()).toAbsolutePath().normalize();
  }

  Path modulesDir() {
    return modulesDir;
  }

  boolean isSettingUp(String name) {
    return settingUp.contains(name);
  }

  /**
   * Sets {@code name} up while it is DETECTED; a module already being set up is not queued twice.
   */
  Future<?> submit(String name) {
    if (!settingUp.add(name)) {
      return CompletableFuture.completedFuture(null);
    }
    return pool.submit(
        () -> {
          try {
            // Loop: enable or a change may have put it back to DETECTED while this run worked.
            while (repository
                .find(name)
                .map(m -> m.status == ModuleStatus.DETECTED)
                .orElse(false)) {
              if (setup.run(name, folders.dirOf(name)).isEmpty()) {
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

  void stop() {
    pool.shutdownNow();
  }

  static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
