package dev.taskmill.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/** A started process whose two output streams are drained on their own threads. */
public final class RunningProcess {

  private static final Logger LOG = Logger.getLogger(RunningProcess.class);

  private static final long READER_JOIN_MILLIS = 5_000;

  /** How long the launcher gets to kill its tree after SIGTERM before it is killed itself. */
  private static final long STOP_GRACE_MILLIS = 5_000;

  private final Process process;
  private final ProcessSpec spec;
  private final long startNanos;
  private final ProcessRunner.Containment containment;
  private final BoundedLog log;
  private final BoundedLog stderr;
  private final Thread outReader;
  private final Thread errReader;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicBoolean overMemory = new AtomicBoolean();
  private final AtomicLong peakRss = new AtomicLong();

  RunningProcess(
      Process process,
      ProcessSpec spec,
      long startNanos,
      ProcessRunner.Containment containment,
      int maxStdoutLineBytes,
      int maxLineBytes) {
    this.process = process;
    this.spec = spec;
    this.startNanos = startNanos;
    this.containment = containment;
    this.log = new BoundedLog(spec.logLimitBytes());
    this.stderr = new BoundedLog(Math.min(spec.logLimitBytes(), 16_384));
    this.outReader =
        drain(
            process.getInputStream(),
            "stdout",
            maxStdoutLineBytes,
            line -> {
              log.line(line);
              spec.stdoutLines().accept(line);
            });
    this.errReader =
        drain(
            process.getErrorStream(),
            "stderr",
            maxLineBytes,
            line -> {
              log.line(line);
              stderr.line(line);
            });
  }

  private Thread drain(InputStream stream, String name, int maxLineBytes, Consumer<String> sink) {
    Thread thread =
        new Thread(
            () -> {
              try (stream) {
                // Bounded: one line of any length must not fill the heap
                // (docs/security/process.md).
                BoundedLineReader reader = new BoundedLineReader(stream, maxLineBytes);
                String line;
                long unhandled = 0;
                while ((line = reader.readLine()) != null) {
                  try {
                    sink.accept(line);
                  } catch (RuntimeException e) {
                    // A consumer that fails (e.g. a progress write while the database is away)
                    // must not stop the draining: an unread pipe blocks the process, and the
                    // result line after it would be lost. The first failure is logged, the rest
                    // counted: a chatty process would otherwise flood the log.
                    if (unhandled++ == 0) {
                      LOG.warnf("%s of process %d: a line was not handled: %s", name, pid(), e);
                    }
                  }
                }
                if (unhandled > 1) {
                  LOG.warnf(
                      "%s of process %d: %d lines in all were not handled", name, pid(), unhandled);
                }
              } catch (IOException e) {
                // The stream closes when the process tree is killed; nothing more to read.
              }
            },
            "proc-" + process.pid() + "-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** The operating-system process id (of the launcher, when there is one). */
  public long pid() {
    return process.pid();
  }

  /**
   * The processes below this one now, found as {@link ProcessTable} walks a tree: a few reads of
   * the tree's own {@code /proc} files, where {@link ProcessHandle#descendants} reads every
   * process's on the host (the warm worker's per-job check of what its job left running).
   */
  public List<ProcessHandle> descendants() {
    return ProcessTable.descendants(pid());
  }

  /**
   * The process's stdin, for a process started with {@link ProcessSpec#keepStdin()}; closing it
   * tells the process its input ended.
   */
  public OutputStream stdin() {
    if (!spec.keepStdin()) {
      throw new IllegalStateException("process " + pid() + " was started without stdin");
    }
    return process.getOutputStream();
  }

  /**
   * Stops or restarts watching the tree's memory: a warm worker waiting for its next job is not
   * watched (its memory does not grow while it waits, and each reading costs about a millisecond).
   */
  public void watchMemory(boolean on) {
    if (on) {
      MemoryWatch.shared().watch(this);
    } else {
      MemoryWatch.shared().forget(this);
    }
  }

  /**
   * Resident memory of the process tree now, in bytes (the module's processes; not the launcher):
   * read from {@code /proc} on each call. 0 once it ended or where there is no {@code /proc}.
   */
  public long rssBytes() {
    return process.isAlive() ? treeRss() : 0;
  }

  long treeRss() {
    // The launcher is the service's, not the module's: its memory does not count against the
    // module's limit. Without a launcher the process itself is the module's.
    return ProcessTable.treeRss(pid(), !containment.launched());
  }

  /**
   * One reading of the tree's memory (from {@link MemoryWatch}): kept as the peak, and over the
   * limit the tree is killed at once (no grace: it may be taking the host's memory right now).
   */
  void sawRss(long bytes) {
    peakRss.accumulateAndGet(bytes, Math::max);
    long limit = spec.memoryLimitBytes();
    if (limit > 0
        && !containment.limitsMemory()
        && bytes > limit
        && overMemory.compareAndSet(false, true)) {
      LOG.infof(
          "process %d: %d MB resident, over its limit of %d MB; killing its tree",
          pid(), bytes >> 20, spec.memoryLimitMb());
      killTree();
    }
  }

  /** Kills the whole process tree; {@link #await()} then reports {@code cancelled}. */
  public void cancel() {
    cancelled.set(true);
    stop();
  }

  /** Waits until the process ends or its time limit runs out, then reports how it ended. */
  public ProcessResult await() throws InterruptedException {
    boolean timedOut = false;
    try {
      if (!process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        stop();
        process.waitFor();
      }
    } catch (InterruptedException e) {
      killTree();
      finish();
      throw e;
    }
    // Before anything reads what the process wrote: nothing it started may still be running.
    finish();
    // Killed grandchildren may hold the pipes a moment longer; do not wait for them forever.
    outReader.join(READER_JOIN_MILLIS);
    errReader.join(READER_JOIN_MILLIS);
    MemoryWatch.shared().forget(this);
    LOG.debugf(
        "process %d in %s ended: peak RSS %d MB (limit %d MB)",
        pid(), spec.cwd().getFileName(), peakRss.get() >> 20, spec.memoryLimitMb());
    // The kernel's verdict where a cgroup held the limit (read before the group was removed).
    boolean memory = overMemory.get() || containment.oomKilled();
    boolean wasCancelled = cancelled.get() && !memory;
    int exit = timedOut || wasCancelled || memory ? -1 : process.exitValue();
    return new ProcessResult(
        exit,
        timedOut,
        wasCancelled && !timedOut,
        log.toString(),
        stderr.toString(),
        Duration.ofNanos(System.nanoTime() - startNanos),
        memory && !timedOut,
        Math.max(peakRss.get(), containment.peakBytes()));
  }

  /**
   * Asks the launcher to kill its tree (SIGTERM), and kills the tree from here if it has not ended
   * within a grace period (a module can stop its launcher with SIGSTOP). Does not wait.
   */
  void stop() {
    if (!containment.launched()) {
      killTree();
      return;
    }
    process.destroy();
    process
        .onExit()
        .orTimeout(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)
        .whenComplete(
            (ended, failure) -> {
              if (failure != null) {
                LOG.warnf("process %d did not stop on SIGTERM; killing it", pid());
                killTree();
              }
            });
  }

  /** Kills every descendant, then the process itself. */
  void killTree() {
    // Take the snapshot first: once the parent dies its children are re-parented and lost.
    List<ProcessHandle> descendants = process.descendants().toList();
    process.toHandle().destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  void finish() {
    int leftovers = containment.finish();
    if (leftovers > 0) {
      // Only when the launcher could not do its job: it was killed, or there is none.
      LOG.infof("process %d: killed %d leftover process(es) found by their mark", pid(), leftovers);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }
}
