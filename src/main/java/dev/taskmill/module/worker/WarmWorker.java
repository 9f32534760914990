package dev.taskmill.module.worker;

import dev.taskmill.module.ModuleProtocol;
import dev.taskmill.module.ProtocolLine;
import dev.taskmill.process.ProcessResult;
import dev.taskmill.process.RunningProcess;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * One {@code python -m taskmill serve} process of a module (protocol 2): it loads the module once,
 * then runs the jobs it is sent, one at a time. Its stdout lines arrive on the process's reader
 * thread ({@link #onLine}); those tagged with the current job's id go to that job, the rest to the
 * worker's own log, so a late line of an earlier job never reaches the next one.
 */
public final class WarmWorker {

  /** Where a worker is in its life. */
  public enum State {
    STARTING,
    IDLE,
    BUSY,
    STOPPED
  }

  private final WorkerKey key;
  private final ModuleProtocol protocol;
  private final Instant started;
  private final CompletableFuture<ProtocolLine.Loaded> loaded = new CompletableFuture<>();
  private final CompletableFuture<ProcessResult> ended = new CompletableFuture<>();
  private volatile RunningProcess process;
  private Writer stdin;
  private volatile State state = State.STARTING;
  private volatile WorkerJob current;
  private volatile Instant idleSince;
  private volatile Duration idleTimeout;
  private volatile int jobsServed;
  private volatile boolean stopAsked;
  private volatile long modulePid = -1;
  private volatile JobProcesses processes;

  WarmWorker(WorkerKey key, ModuleProtocol protocol, Instant started) {
    this.key = key;
    this.protocol = protocol;
    this.started = started;
  }

  void attach(RunningProcess process) {
    this.process = process;
    this.processes = new JobProcesses(process);
    this.stdin = new OutputStreamWriter(process.stdin(), StandardCharsets.UTF_8);
  }

  /** One stdout line, on the process's reader thread. */
  void onLine(String raw) {
    ProtocolLine line = protocol.read(raw);
    if (line instanceof ProtocolLine.Loaded l) {
      modulePid = l.loaded().path("pid").asLong(-1);
      loaded.complete(l);
      return;
    }
    WorkerJob job = current;
    if (line instanceof ProtocolLine.ForJob tagged
        && job != null
        && job.id().equals(tagged.job())) {
      if (tagged.line() instanceof ProtocolLine.Result result) {
        job.end().complete(new JobEnd.Answered(result));
      } else {
        job.lines().accept(tagged.line(), raw);
      }
      return;
    }
    if (line instanceof ProtocolLine.Text && job != null) {
      // Text written straight to the protocol's stream during a job (not JSON, so no id) is the
      // job's, as in a cold process. The rest (lines of an earlier job, start-up) is in no job's
      // log: the process's own bounded log keeps it.
      job.lines().accept(line, raw);
    }
  }

  /** The process ended (its output read to the end): whatever waited on it learns so. */
  void onEnded(ProcessResult result) {
    state = State.STOPPED;
    ended.complete(result);
    loaded.complete(null);
    WorkerJob job = current;
    if (job != null) {
      job.end().complete(new JobEnd.WorkerEnded(result));
    }
  }

  /**
   * Waits until the module's {@code load()} ran.
   *
   * @throws WorkerStartFailure when load() failed or the process ended before it was ready
   * @throws TimeoutException when {@code timeout} ran out first (the caller kills the worker)
   */
  void awaitLoaded(Duration timeout)
      throws WorkerStartFailure, TimeoutException, InterruptedException {
    ProtocolLine.Loaded answer = get(loaded, timeout);
    if (answer == null) {
      throw WorkerStartFailure.exitedEarly(ended.getNow(null));
    }
    if (!answer.ok()) {
      String error = answer.error();
      throw new WorkerStartFailure(error == null ? "load() failed" : error, null);
    }
  }

  /**
   * Sends one job; its progress and log messages go to {@code lines} with the raw line (on the
   * reader thread), and the returned future says how it ended.
   */
  public synchronized CompletableFuture<JobEnd> submit(
      String jobId, String requestLine, BiConsumer<ProtocolLine, String> lines) throws IOException {
    WorkerJob job = new WorkerJob(jobId, lines);
    current = job;
    state = State.BUSY;
    process.watchMemory(true);
    processes.jobStarts();
    if (ended.isDone()) {
      job.end().complete(new JobEnd.WorkerEnded(ended.getNow(null)));
      return job.end();
    }
    try {
      stdin.write(requestLine);
      stdin.write('\n');
      stdin.flush();
    } catch (IOException e) {
      // The process is gone or going: the job ends as the process does.
      if (!ended.isDone()) {
        throw e;
      }
    }
    return job.end();
  }

  /** Kills what the last job started and left running (see {@link JobProcesses}). */
  int killStrays() {
    return processes.killStrays();
  }

  /** The job is over; the worker waits for the next one. */
  synchronized void idle(Duration timeout, Instant now) {
    process.watchMemory(false);
    current = null;
    jobsServed++;
    idleTimeout = timeout;
    idleSince = now;
    if (state != State.STOPPED) {
      state = State.IDLE;
    }
  }

  /** Taken from the idle workers for a job. */
  synchronized boolean take() {
    if (state != State.IDLE) {
      return false;
    }
    state = State.BUSY;
    return true;
  }

  /** Asks the worker to finish (end of its input); kills it if it has not after {@code grace}. */
  void stop(Duration grace) {
    stopAsked = true;
    synchronized (this) {
      if (state == State.STOPPED) {
        return;
      }
      try {
        stdin.write("{\"type\":\"stop\"}\n");
        stdin.close();
      } catch (IOException e) {
        // Already gone: the kill below finds nothing to do.
      }
    }
    ended
        .orTimeout(grace.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (end, late) -> {
              if (late != null) {
                kill();
              }
            });
  }

  /**
   * Kills the worker if it still runs job {@code jobId} (a cancel of that job's task); a stop that
   * comes after the job ended must not reach the next job on this worker.
   *
   * @return whether it was killed
   */
  public synchronized boolean killIfRunning(String jobId) {
    WorkerJob job = current;
    if (job == null || !job.id().equals(jobId)) {
      return false;
    }
    kill();
    return true;
  }

  /** Kills the worker's whole process tree at once (a cancel, a timeout, a shutdown). */
  void kill() {
    RunningProcess running = process;
    if (running != null) {
      running.cancel();
    }
  }

  /** Waits for the process to end, at most {@code timeout}; null if it has not. */
  ProcessResult awaitEnd(Duration timeout) throws InterruptedException {
    try {
      return get(ended, timeout);
    } catch (TimeoutException e) {
      return null;
    }
  }

  public WorkerKey key() {
    return key;
  }

  /** The process the service started (the launcher that contains the module's process). */
  public long pid() {
    RunningProcess running = process;
    return running == null ? -1 : running.pid();
  }

  /** Resident memory of the worker's process tree now; 0 once it ended. */
  public long rssBytes() {
    RunningProcess running = process;
    return running == null ? 0 : running.rssBytes();
  }

  /** The module's own process (its {@code os.getpid()}), once it is loaded; else -1. */
  public long modulePid() {
    return modulePid;
  }

  public State state() {
    return state;
  }

  public int jobsServed() {
    return jobsServed;
  }

  public Instant started() {
    return started;
  }

  /** Whether the worker was asked to stop (recycled, idle, shutdown) rather than killed. */
  boolean stopAsked() {
    return stopAsked;
  }

  Instant idleSince() {
    return idleSince;
  }

  Duration idleTimeout() {
    return idleTimeout;
  }

  private static <T> T get(CompletableFuture<T> future, Duration timeout)
      throws TimeoutException, InterruptedException {
    try {
      return future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
