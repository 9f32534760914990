package dev.taskmill.module.worker;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.config.WorkersConfig;
import dev.taskmill.instance.ModuleWorkers;
import dev.taskmill.module.Module;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The warm workers of this instance, per module and environment: a job takes an idle worker or
 * starts one, gives it back when it ended normally, and discards it when it was killed or crashed.
 * A worker runs one job at a time. Idle workers are stopped after their module's idle time, when
 * their module asks to be recycled after N tasks, and, beyond {@code taskmill.workers.max-idle},
 * the one idle longest first.
 */
@ApplicationScoped
public class WorkerPool implements ModuleWorkers {

  private static final Logger LOG = Logger.getLogger(WorkerPool.class);

  private final WorkerStarter starter;
  private final WorkersConfig config;
  private final Clock clock;
  private final Map<WorkerKey, Deque<WarmWorker>> idle = new HashMap<>();
  private final Set<WarmWorker> live = ConcurrentHashMap.newKeySet();
  private final WorkerMetrics metrics;

  WorkerPool(WorkerStarter starter, WorkerMetrics metrics, TaskmillConfig config, Clock clock) {
    this.starter = starter;
    this.metrics = metrics;
    this.config = config.workers();
    this.clock = clock;
  }

  /**
   * Whether a module with these worker settings is served by warm workers here: it speaks protocol
   * 2 and did not opt out, and warm workers are on ({@code taskmill.workers.enabled}). Tasks and
   * self-tests both ask this, so a module is tested the way it will run.
   */
  public boolean serves(Module.Workers workers) {
    return config.enabled() && workers != null && workers.warm;
  }

  /**
   * A worker of {@code launch.key()} ready for one job: an idle one, or one started now and waited
   * for until its module is loaded.
   *
   * @throws WorkerStartFailure the module's load() failed, or the worker exited before it was ready
   * @throws TimeoutException {@code timeout} ran out while the worker loaded (it was killed)
   * @throws IOException the worker could not be started at all
   */
  public WarmWorker acquire(WorkerLaunch launch, Duration timeout)
      throws WorkerStartFailure, TimeoutException, InterruptedException, IOException {
    Optional<WarmWorker> idleOne = takeIdle(launch.key());
    metrics.jobStarted(launch.key().module(), idleOne.isPresent());
    if (idleOne.isPresent()) {
      return idleOne.get();
    }
    return startReady(launch, timeout);
  }

  /** A new worker of {@code launch}, not taken from or given to the idle ones (a self-test). */
  WarmWorker startReady(WorkerLaunch launch, Duration timeout)
      throws WorkerStartFailure, TimeoutException, InterruptedException, IOException {
    WarmWorker worker = starter.start(launch, this::ended);
    live.add(worker);
    try {
      worker.awaitLoaded(timeout);
    } catch (WorkerStartFailure | TimeoutException | InterruptedException e) {
      worker.kill();
      throw e;
    }
    return worker;
  }

  /**
   * The job on {@code worker} ended with an answer: what the job left running is killed, and the
   * worker waits for the next job, unless its module recycles workers after this many jobs or it is
   * no longer alive.
   */
  public void release(WarmWorker worker, WorkerLaunch launch) {
    int strays = worker.killStrays();
    if (strays > 0) {
      LOG.debugf("worker of %s: killed %d process(es) its job left", launch.key(), strays);
    }
    Duration idleTimeout =
        launch.settings() != null && launch.settings().idleSeconds != null
            ? Duration.ofSeconds(launch.settings().idleSeconds)
            : config.idleTimeout();
    worker.idle(idleTimeout, clock.instant());
    Integer maxTasks = launch.settings() == null ? null : launch.settings().maxTasks;
    if (maxTasks != null && worker.jobsServed() >= maxTasks) {
      LOG.debugf("worker %d of %s served %d jobs: recycled", worker.pid(), launch.key(), maxTasks);
      worker.stop(config.stopGrace());
      return;
    }
    WarmWorker evicted = null;
    synchronized (idle) {
      if (worker.state() == WarmWorker.State.STOPPED) {
        return;
      }
      idle.computeIfAbsent(worker.key(), k -> new ArrayDeque<>()).push(worker);
      if (idleCount() > config.maxIdle()) {
        evicted = longestIdle();
        remove(evicted);
      }
    }
    if (evicted != null) {
      evicted.stop(config.stopGrace());
    }
  }

  /** The job on {@code worker} was cut short (timeout, cancel) or the worker broke: kill it. */
  public void discard(WarmWorker worker) {
    synchronized (idle) {
      remove(worker);
    }
    worker.kill();
  }

  @Override
  public List<Worker> all() {
    return live.stream()
        .filter(w -> w.state() != WarmWorker.State.STOPPED)
        .sorted(Comparator.comparing(WarmWorker::started))
        .map(WorkerPool::view)
        .toList();
  }

  private static Worker view(WarmWorker worker) {
    long rss = worker.rssBytes();
    return new Worker(
        worker.key().module(),
        worker.modulePid(),
        worker.state().name(),
        worker.jobsServed(),
        worker.started(),
        rss > 0 ? rss : null);
  }

  @Scheduled(
      every = "${taskmill.workers.sweep-interval:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void stopIdle() {
    Instant now = clock.instant();
    List<WarmWorker> expired = new ArrayList<>();
    synchronized (idle) {
      for (Deque<WarmWorker> workers : idle.values()) {
        for (WarmWorker worker : workers) {
          if (!worker.idleSince().plus(worker.idleTimeout()).isAfter(now)) {
            expired.add(worker);
          }
        }
      }
      expired.forEach(this::remove);
    }
    for (WarmWorker worker : expired) {
      LOG.debugf("worker %d of %s idle since %s: stopped", worker.pid(), worker.key(), now);
      worker.stop(config.stopGrace());
    }
  }

  @PreDestroy
  void stopAll() {
    synchronized (idle) {
      idle.clear();
    }
    live.forEach(WarmWorker::kill);
  }

  private Optional<WarmWorker> takeIdle(WorkerKey key) {
    synchronized (idle) {
      Deque<WarmWorker> workers = idle.get(key);
      while (workers != null && !workers.isEmpty()) {
        WarmWorker worker = workers.pop();
        if (worker.take()) {
          return Optional.of(worker);
        }
      }
      return Optional.empty();
    }
  }

  private void ended(WarmWorker worker, boolean asked) {
    live.remove(worker);
    synchronized (idle) {
      remove(worker);
    }
    if (!asked) {
      metrics.restarted(worker.key().module());
    }
  }

  private int idleCount() {
    return idle.values().stream().mapToInt(Deque::size).sum();
  }

  private WarmWorker longestIdle() {
    return idle.values().stream()
        .flatMap(Deque::stream)
        .min(Comparator.comparing(WarmWorker::idleSince))
        .orElseThrow();
  }

  private void remove(WarmWorker worker) {
    Deque<WarmWorker> workers = idle.get(worker.key());
    if (workers != null) {
      workers.remove(worker);
      if (workers.isEmpty()) {
        idle.remove(worker.key());
      }
    }
  }
}
