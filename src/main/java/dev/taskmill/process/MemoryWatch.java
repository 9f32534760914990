package dev.taskmill.process;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Watches the resident memory of every running process tree from one shared thread, a few times a
 * second: it keeps each tree's peak, and stops a tree that goes over its limit where no cgroup
 * enforces the limit (docs/security/process.md). One thread for the whole JVM: the readings are a
 * few small file reads per tree, not worth a thread each.
 */
final class MemoryWatch {

  private static final Logger LOG = Logger.getLogger(MemoryWatch.class);

  /** Often enough to catch a runaway before it takes the host, rarely enough to cost nothing. */
  static final long INTERVAL_MILLIS = 200;

  private static final MemoryWatch SHARED = new MemoryWatch();

  private final Set<RunningProcess> watched = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService thread;

  private MemoryWatch() {}

  static MemoryWatch shared() {
    return SHARED;
  }

  /** Watches {@code process} until it ends. */
  void watch(RunningProcess process) {
    if (!ProcessTable.available()) {
      return;
    }
    watched.add(process);
    startOnce();
  }

  void forget(RunningProcess process) {
    watched.remove(process);
  }

  private synchronized void startOnce() {
    if (thread == null) {
      thread =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread t = new Thread(task, "process-memory-watch");
                t.setDaemon(true);
                return t;
              });
      thread.scheduleWithFixedDelay(
          this::tick, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void tick() {
    if (watched.isEmpty()) {
      return;
    }
    try {
      for (RunningProcess process : watched) {
        if (!process.isAlive()) {
          watched.remove(process);
          continue;
        }
        process.sawRss(process.treeRss());
      }
    } catch (RuntimeException e) {
      // Never let one bad reading end the thread: the next tick reads again.
      LOG.warnf("memory watch: %s", e);
    }
  }
}
