package dev.taskmill.task.run;

import com.mongodb.MongoException;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.instance.DatabaseWatch;
import dev.taskmill.instance.GpuDevices;
import dev.taskmill.instance.GpuReservation;
import dev.taskmill.instance.InstanceIdentity;
import dev.taskmill.instance.Peers;
import dev.taskmill.instance.Workload;
import dev.taskmill.module.LocalModules;
import dev.taskmill.module.ModuleLabels;
import dev.taskmill.store.Folders;
import dev.taskmill.task.QueueSignal;
import dev.taskmill.task.TaskExecutions;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.caps.ConcurrencyCaps;
import dev.taskmill.task.caps.Held;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

/**
 * Claims QUEUED tasks and runs them on Quarkus' worker threads, at most one module process per
 * slot. Woken at once when a task is queued here; polls for what it is not told about ({@link
 * #idleWait()}). The workload of an instance whose role runs tasks ({@link WorkloadChoice}).
 */
@ApplicationScoped
@Typed(TaskDispatcher.class)
public class TaskDispatcher implements Workload {

  private static final Logger LOG = Logger.getLogger(TaskDispatcher.class);

  private final TaskRepository tasks;
  private final TaskRunner runner;
  private final QueueSignal signal;
  private final InstanceIdentity instance;
  private final TaskExecutions executions;
  private final DatabaseWatch watch;
  private final TaskmillConfig config;
  private final Clock clock;
  private final int concurrency;
  private final Semaphore slots;
  private final List<String> capabilities;
  private final LocalModules localModules;
  private final ClaimGate gate;
  private final Peers peers;
  private final GpuAdmission gpus;
  private final ConcurrencyCaps caps;
  private final ModuleLabels labels;
  private ManagedExecutor workers;
  private Thread loop;
  private volatile boolean running;

  TaskDispatcher(
      TaskRepository tasks,
      TaskRunner runner,
      QueueSignal signal,
      InstanceIdentity instance,
      TaskExecutions executions,
      DatabaseWatch watch,
      LocalModules localModules,
      TaskmillConfig config,
      Clock clock,
      ClaimGate gate,
      Peers peers,
      GpuAdmission gpus,
      ConcurrencyCaps caps,
      ModuleLabels labels) {
    this.caps = caps;
    this.labels = labels;
    this.gate = gate;
    this.gpus = gpus;
    this.peers = peers;
    this.tasks = tasks;
    this.localModules = localModules;
    this.runner = runner;
    this.signal = signal;
    this.instance = instance;
    this.executions = executions;
    this.watch = watch;
    this.config = config;
    this.clock = clock;
    this.concurrency =
        Math.max(
            1, config.tasks().concurrency().orElse(Runtime.getRuntime().availableProcessors()));
    this.slots = new Semaphore(concurrency);
    this.capabilities = gpus.offered(ModuleLabels.normalised(config.capabilities().orElse(null)));
  }

  @Override
  public void start() {
    // Work folders of attempts a killed process left behind; their tasks are recovered by lease.
    // Leftovers cost disk, not correctness (each attempt makes its own folder): never a reason
    // not to start.
    Path workDir = Path.of(config.tasks().workDir()).toAbsolutePath();
    try {
      Folders.deleteTree(workDir);
    } catch (RuntimeException e) {
      LOG.warnf("could not clear the work folder %s at start: %s", workDir, e.getMessage());
    }
    // A view of Quarkus' worker pool no wider than the slots: the semaphore decides when a task is
    // claimed, the executor only runs it. Its own instance, so shutting it down stops only ours.
    workers =
        ManagedExecutor.builder()
            .maxAsync(concurrency)
            .propagated(ThreadContext.NONE)
            .cleared(ThreadContext.ALL_REMAINING)
            .build();
    running = true;
    loop = new Thread(this::dispatchLoop, "task-dispatcher");
    loop.setDaemon(true);
    loop.start();
    LOG.infof(
        "dispatcher %s runs up to %d tasks at once%s",
        instance.id(), concurrency, capabilities.isEmpty() ? "" : ", offering " + capabilities);
  }

  /**
   * Graceful stop: claim nothing more, let running tasks finish within {@code
   * taskmill.shutdown-grace}, then hand the rest back to the queue (their attempt not counted).
   */
  @Override
  public void stop() {
    running = false;
    if (loop != null) {
      loop.interrupt();
    }
    if (workers == null) {
      return;
    }
    workers.shutdown();
    try {
      Duration grace = config.shutdownGrace();
      if (executions.count() > 0) {
        LOG.infof(
            "shutting down: waiting up to %s for %d running task(s)", grace, executions.count());
      }
      // The scheduler stops with the service, so keep the running tasks' leases alive here.
      long deadline = System.nanoTime() + grace.toNanos();
      long step = Math.max(100, config.instances().heartbeatInterval().toMillis());
      boolean finished = false;
      while (!finished && System.nanoTime() < deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        finished =
            workers.awaitTermination(Math.min(step, Math.max(left, 1)), TimeUnit.MILLISECONDS);
        if (!finished) {
          renewLeases();
        }
      }
      if (!finished) {
        LOG.infof("handing %d unfinished task(s) back to the queue", executions.count());
        executions.handBackAll();
        workers.awaitTermination(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      workers.shutdownNow();
    }
  }

  @Override
  public int capacity() {
    return concurrency;
  }

  @Override
  public List<String> capabilities() {
    return capabilities;
  }

  /** Declared GPUs by index, with their memory and what is free (the instance list shows them). */
  @Override
  public List<GpuDevices.Device> gpus() {
    return gpus.devices();
  }

  @Override
  public int running() {
    return executions.count();
  }

  /** Whether it is still claiming tasks (false once shutdown began). */
  public boolean isClaiming() {
    return running;
  }

  private void dispatchLoop() {
    while (running) {
      try {
        slots.acquire();
        if (gate.whyClosed() != null) {
          // The store cannot be written: a claimed task could not keep its outputs. Wait.
          slots.release();
          signal.await(config.tasks().pollInterval());
          continue;
        }
        Optional<Task> claimed = claim();
        if (claimed.isPresent()) {
          Task task = claimed.get();
          // Held from the claim (which asked for no more than is free) to the attempt's end,
          // whichever way it ends: the runner returns from every one of them.
          GpuReservation gpu = gpus.reserve(task);
          workers.execute(
              () -> {
                try {
                  runner.run(task, gpu);
                } catch (RuntimeException e) {
                  // Nothing may end a worker thread: the task's lease recovery settles the task.
                  LOG.errorf(e, "task %s: the runner failed; the worker goes on", task.id);
                } finally {
                  gpus.release(gpu);
                  slots.release();
                  // A finished task may have queued its successors: look again at once.
                  signal.wake();
                }
              });
        } else {
          slots.release();
          signal.await(idleWait());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        slots.release();
        if (e instanceof MongoException) {
          // A claim cut off midway may leave a task QUEUED without its queue entry, or RUNNING
          // without its lease record: the repair sweep puts them back.
          watch.failed();
        }
        LOG.warn("dispatcher could not claim a task; trying again", e);
        try {
          signal.await(config.tasks().pollInterval());
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  /**
   * How long to wait for a signal after a claim found nothing ({@link IdleWait}); the poll when the
   * database cannot say (the slot is released already, so nothing may throw here).
   */
  private Duration idleWait() {
    try {
      boolean othersMayQueue =
          peers.othersOnline() || !localModules.availableButNotReadyHere().isEmpty();
      return new IdleWait(config.tasks().pollInterval(), config.tasks().idlePollInterval())
          .after(othersMayQueue, () -> tasks.nextNotBefore(TaskStatus.QUEUED), clock.instant());
    } catch (RuntimeException e) {
      LOG.debugf("dispatcher: could not tell how long to wait (%s); polling", e.getMessage());
      return config.tasks().pollInterval();
    }
  }

  /**
   * Claims the next task this instance may run. The caps are counted just before: this loop claims
   * one task at a time, so on one instance a cap is never exceeded; between instances see
   * docs/decisions.md ("Fairness") for the race and its bound.
   */
  private Optional<Task> claim() {
    Held held = caps.held();
    Set<String> notHere = new HashSet<>(localModules.availableButNotReadyHere());
    notHere.addAll(held.modules());
    notHere.addAll(labels.notOffered(capabilities));
    return tasks.claimNext(
        instance.id(),
        config.tasks().leaseDuration(),
        capabilities,
        notHere,
        gpus.largestFreeMb(),
        held.owners());
  }

  @Override
  public void renewLeases() {
    for (TaskExecutions.Execution execution : executions.all()) {
      tasks.renewLease(
          execution.taskId,
          execution.leaseToken,
          clock.instant().plus(config.tasks().leaseDuration()));
    }
  }
}
