package dev.taskmill.module.worker;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.module.ModuleProtocol;
import dev.taskmill.process.ProcessResult;
import dev.taskmill.process.ProcessRunner;
import dev.taskmill.process.ProcessSpec;
import dev.taskmill.process.RunningProcess;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Starts {@code python -m taskmill serve} for a module, through the same process runner (and so the
 * same containment) as every module process, and watches it until it ends.
 */
@ApplicationScoped
class WorkerStarter {

  private static final Logger LOG = Logger.getLogger(WorkerStarter.class);

  /** A worker has no time limit of its own: each job has its task's. */
  private static final Duration NO_LIMIT = Duration.ofDays(365 * 100L);

  private final ProcessRunner processes;
  private final ModuleProtocol protocol;
  private final TaskmillConfig config;
  private final Clock clock;

  WorkerStarter(
      ProcessRunner processes, ModuleProtocol protocol, TaskmillConfig config, Clock clock) {
    this.processes = processes;
    this.protocol = protocol;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Starts a worker; {@code ended} hears when its process ended, and whether it had been asked to.
   */
  WarmWorker start(WorkerLaunch launch, BiConsumer<WarmWorker, Boolean> ended) throws IOException {
    WarmWorker worker = new WarmWorker(launch.key(), protocol, clock.instant());
    ProcessSpec spec =
        new ProcessSpec(
                List.of(launch.venv().resolve("bin/python").toString(), "-m", "taskmill", "serve"),
                launch.moduleDir(),
                launch.env().get(),
                NO_LIMIT,
                config.modules().logLimitBytes(),
                worker::onLine)
            .withStdin()
            .withMemoryLimitMb(launch.memoryLimitMb());
    RunningProcess process = processes.start(spec);
    worker.attach(process);
    Thread watcher =
        new Thread(
            () -> watch(worker, process, ended),
            "worker-" + launch.key().module() + "-" + process.pid());
    watcher.setDaemon(true);
    watcher.start();
    return worker;
  }

  private static void watch(
      WarmWorker worker, RunningProcess process, BiConsumer<WarmWorker, Boolean> ended) {
    ProcessResult result;
    try {
      result = process.await();
    } catch (InterruptedException e) {
      process.cancel();
      result = new ProcessResult(-1, false, true, "", "", Duration.ZERO);
    }
    if (!worker.stopAsked()) {
      LOG.infof(
          "worker %d of module %s ended (%s) after %d jobs",
          process.pid(),
          worker.key().module(),
          result.cancelled() ? "killed" : "exit code " + result.exitCode(),
          worker.jobsServed());
    }
    worker.onEnded(result);
    ended.accept(worker, worker.stopAsked());
  }
}
