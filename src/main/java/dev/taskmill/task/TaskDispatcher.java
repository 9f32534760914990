package dev.taskmill.task;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.store.Folders;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Claims QUEUED tasks and runs them on a bounded pool of worker threads, one module process per
 * slot. Woken at once when a task is queued here; polls for tasks queued by other instances.
 */
@ApplicationScoped
public class TaskDispatcher {

  private static final Logger LOG = Logger.getLogger(TaskDispatcher.class);

  private final TaskRepository tasks;
  private final TaskRunner runner;
  private final QueueSignal signal;
  private final InstanceIdentity instance;
  private final TaskExecutions executions;
  private final TaskmillConfig config;
  private final Clock clock;
  private final int concurrency;
  private final Semaphore slots;
  private ExecutorService workers;
  private Thread loop;
  private volatile boolean running;

  TaskDispatcher(
      TaskRepository tasks,
      TaskRunner runner,
      QueueSignal signal,
      InstanceIdentity instance,
      TaskExecutions executions,
      TaskmillConfig config,
      Clock clock) {
    this.tasks = tasks;
    this.runner = runner;
    this.signal = signal;
    this.instance = instance;
    this.executions = executions;
    this.config = config;
    this.clock = clock;
    this.concurrency =
        Math.max(
            1, config.tasks().concurrency().orElse(Runtime.getRuntime().availableProcessors()));
    this.slots = new Semaphore(concurrency);
  }

  void onStart(@Observes StartupEvent event) {
    // Work folders of attempts a killed process left behind; their tasks are recovered by lease.
    Folders.deleteTree(Path.of(config.tasks().workDir()).toAbsolutePath());
    AtomicInteger count = new AtomicInteger();
    workers =
        Executors.newFixedThreadPool(
            concurrency,
            r -> {
              Thread t = new Thread(r, "task-worker-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    running = true;
    loop = new Thread(this::dispatchLoop, "task-dispatcher");
    loop.setDaemon(true);
    loop.start();
    LOG.infof("dispatcher %s runs up to %d tasks at once", instance.id(), concurrency);
  }

  void onStop(@Observes @Priority(2) ShutdownEvent event) {
    running = false;
    if (loop != null) {
      loop.interrupt();
    }
    if (workers != null) {
      workers.shutdownNow();
    }
  }

  /** How many tasks this instance can run at once. */
  public int concurrency() {
    return concurrency;
  }

  private void dispatchLoop() {
    while (running) {
      try {
        slots.acquire();
        Optional<Task> claimed = claim();
        if (claimed.isPresent()) {
          Task task = claimed.get();
          workers.execute(
              () -> {
                try {
                  runner.run(task);
                } finally {
                  slots.release();
                  // A finished task may have queued its successors: look again at once.
                  signal.wake();
                }
              });
        } else {
          slots.release();
          signal.await(config.tasks().pollInterval());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        slots.release();
        LOG.warn("dispatcher could not claim a task; trying again", e);
        try {
          signal.await(config.tasks().pollInterval());
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private Optional<Task> claim() {
    return tasks.claimNext(instance.id(), config.tasks().leaseDuration());
  }

  /** Renews the leases of the tasks running here (called a few times per lease duration). */
  public void renewLeases() {
    for (TaskExecutions.Execution execution : executions.all()) {
      tasks.renewLease(
          execution.taskId,
          execution.leaseToken,
          clock.instant().plus(config.tasks().leaseDuration()));
    }
  }
}
