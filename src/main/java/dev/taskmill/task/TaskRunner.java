package dev.taskmill.task;

import static com.mongodb.client.model.Updates.push;
import static com.mongodb.client.model.Updates.set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoException;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.instance.DatabaseWatch;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleEnvironment;
import dev.taskmill.module.ModuleRepository;
import dev.taskmill.module.ModuleStatus;
import dev.taskmill.module.VirtualEnvs;
import dev.taskmill.process.ProcessResult;
import dev.taskmill.process.ProcessRunner;
import dev.taskmill.process.ProcessSpec;
import dev.taskmill.process.RunningProcess;
import dev.taskmill.store.StoreUnwritableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Runs one claimed task: writes its job file, runs the module's {@code run} command in a
 * subprocess, follows its progress, publishes its outputs, and records how the attempt ended.
 * Always on a dispatcher worker thread, never on a request thread.
 */
@ApplicationScoped
public class TaskRunner {

  private static final Logger LOG = Logger.getLogger(TaskRunner.class);
  private static final long PROGRESS_EVERY_MILLIS = 250;
  private static final Duration COMMIT_RETRY = Duration.ofSeconds(1);
  private static final Duration COMMIT_DECISION_LIMIT = Duration.ofMinutes(10);

  private final TaskRepository tasks;
  private final ModuleRepository modules;
  private final VirtualEnvs venvs;
  private final ModuleEnvironment environment;
  private final ProcessRunner processes;
  private final OutputPublisher publisher;
  private final TaskGraph graph;
  private final TaskExecutions executions;
  private final TaskLiveLogs liveLogs;
  private final QueueSignal signal;
  private final TaskMetrics metrics;
  private final JobWriter jobs;
  private final ObjectMapper json;
  private final DataRepository data;
  private final DatabaseWatch watch;
  private final WorkFolders workFolders;
  private final TaskmillConfig config;
  private final Clock clock;
  private final InfrastructureLoss loss;

  /** Progress writes, at most one in flight per running task (so as many threads as slots). */
  private final ExecutorService progressWrites =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "task-progress");
            t.setDaemon(true);
            return t;
          });

  TaskRunner(
      TaskRepository tasks,
      ModuleRepository modules,
      VirtualEnvs venvs,
      ModuleEnvironment environment,
      ProcessRunner processes,
      OutputPublisher publisher,
      TaskGraph graph,
      TaskExecutions executions,
      TaskLiveLogs liveLogs,
      QueueSignal signal,
      TaskMetrics metrics,
      JobWriter jobs,
      ObjectMapper json,
      DataRepository data,
      DatabaseWatch watch,
      WorkFolders workFolders,
      TaskmillConfig config,
      Clock clock,
      InfrastructureLoss loss) {
    this.loss = loss;
    this.tasks = tasks;
    this.modules = modules;
    this.venvs = venvs;
    this.environment = environment;
    this.processes = processes;
    this.publisher = publisher;
    this.graph = graph;
    this.executions = executions;
    this.liveLogs = liveLogs;
    this.signal = signal;
    this.metrics = metrics;
    this.jobs = jobs;
    this.json = json;
    this.data = data;
    this.watch = watch;
    this.workFolders = workFolders;
    this.config = config;
    this.clock = clock;
  }

  /** An attempt that failed; {@code retryable} is false when another attempt cannot help. */
  private static final class AttemptFailure extends Exception {
    final Integer exitCode;
    final String logTail;
    final boolean retryable;
    final String outcome;

    AttemptFailure(
        String message, Integer exitCode, String logTail, boolean retryable, String outcome) {
      super(message);
      this.exitCode = exitCode;
      this.logTail = logTail;
      this.retryable = retryable;
      this.outcome = outcome;
    }
  }

  /** Runs {@code task}, which this instance claimed (RUNNING under its lease). */
  public void run(Task task) {
    String token = task.lease.token;
    TaskExecutions.Execution execution =
        executions.start(task.id, token, config.tasks().logLimitBytes());
    Instant started = clock.instant();
    Path dir =
        Path.of(config.tasks().workDir())
            .toAbsolutePath()
            // The lease token keeps the folder apart from a stale run of the same attempt number:
            // an attempt lost to the infrastructure is not counted, so its rerun keeps the number,
            // and a paused instance's old run must not delete the new run's folder when it ends.
            .resolve(
                task.id
                    + "-"
                    + task.attempt
                    + "-"
                    + token.substring(0, Math.min(8, token.length())));
    try {
      Module module = availableModule(task);
      Path outDir;
      Path job;
      try {
        outDir = Files.createDirectories(dir.resolve("out"));
        Path workDir = Files.createDirectories(dir.resolve("work"));
        job = jobs.write(task, dir, outDir, workDir);
      } catch (IOException e) {
        if (!StoreUnwritableException.isDiskFailure(e)) {
          throw e;
        }
        // The work folder's disk is full or read-only: nothing the module did.
        throw new StoreUnwritableException(e);
      }
      JsonNode result;
      try {
        result = execute(task, module, job, execution);
      } finally {
        settleProgress(execution);
      }
      jobs.checkInputsUnchanged(dir);
      List<Task.Output> records = publisher.prepare(task, module, result.get("outputs"), outDir);
      // The one write that decides whose result counts: only the current lease commits.
      Boolean committed = commit(task, token, records);
      if (committed == null) {
        return; // could not find out (shutting down): keep the files, they may be in use
      }
      if (!committed) {
        publisher.discard(records);
        LOG.infof("task %s: result of a lost lease discarded", task.id);
        return;
      }
      complete(task, token, started, records, execution);
    } catch (AttemptFailure failure) {
      if (execution.isHandedBack() && !execution.isCancelled()) {
        loss.handedBack(task, token, started, execution.log.toString());
      } else if (execution.isCancelled()) {
        tasks.find(task.id).ifPresent(t -> recordCancelled(t, started, execution));
      } else if (InfrastructureLoss.LOST.equals(failure.outcome)) {
        loss.lost(task, token, failure.getMessage(), started, execution.log.toString());
      } else {
        failAttempt(task, token, started, failure, execution);
      }
    } catch (StoreUnwritableException e) {
      // Not the module's failure: run it again later, without spending one of its attempts.
      LOG.warnf("task %s: %s", task.id, e.getMessage());
      loss.lost(task, token, e.getMessage(), started, execution.log.toString());
    } catch (OutputPublisher.PublishFailure failure) {
      failAttempt(
          task,
          token,
          started,
          new AttemptFailure(failure.getMessage(), 0, execution.log.toString(), false, "FAILED"),
          execution);
    } catch (IOException | RuntimeException e) {
      LOG.errorf(e, "task %s failed in the runner", task.id);
      failAttempt(
          task,
          token,
          started,
          new AttemptFailure("the runner failed: " + e.getMessage(), null, null, true, "FAILED"),
          execution);
    } finally {
      executions.finish(execution);
      liveLogs.forget(task.id);
      workFolders.delete(dir);
    }
  }

  /**
   * Commits {@code records} onto the task under the lease {@code token}, and finds out whether it
   * did even when the database goes away during the write: a write cut off may or may not have been
   * applied, and the files prepared for it must be kept in the first case and deleted in the second
   * (else they are stray files nobody points at). So on a database error it waits, reads the task
   * and decides: the publication is there (or its files already back the outputs) → committed; the
   * lease is gone → not committed; still leased and not there → write again. The lease stays
   * renewed meanwhile, since the execution is still registered.
   *
   * @return whether the result is committed; null when that could not be found out before the
   *     service stopped
   */
  private Boolean commit(Task task, String token, List<Task.Output> records) {
    Bson change = set("publication", records);
    long deadline = System.nanoTime() + COMMIT_DECISION_LIMIT.toNanos();
    boolean retry = false;
    while (true) {
      try {
        if (!retry) {
          return tasks.updateLeased(task.id, token, change);
        }
        Task now = tasks.find(task.id).orElse(null);
        if (now == null) {
          return false;
        }
        if (holds(now.publication, records) || backsOutputs(records)) {
          LOG.infof("task %s: its result was committed before the database went away", task.id);
          return true;
        }
        if (now.status != TaskStatus.RUNNING
            || now.lease == null
            || !token.equals(now.lease.token)) {
          return false;
        }
        retry = false;
      } catch (MongoException e) {
        watch.failed();
        retry = true;
        LOG.warnf(
            "task %s: the database went away while committing its result (%s); finding out"
                + " whether it was committed",
            task.id, e.getMessage());
        if (System.nanoTime() > deadline) {
          LOG.errorf(
              "task %s: could not find out within %s whether its result was committed; its"
                  + " files are kept",
              task.id, COMMIT_DECISION_LIMIT);
          return null;
        }
        try {
          Thread.sleep(COMMIT_RETRY.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
  }

  /** Whether {@code publication} is {@code records} (same items, same files or texts). */
  private static boolean holds(List<Task.Output> publication, List<Task.Output> records) {
    if (publication == null || publication.size() != records.size()) {
      return false;
    }
    for (int i = 0; i < records.size(); i++) {
      Task.Output a = publication.get(i);
      Task.Output b = records.get(i);
      if (!java.util.Objects.equals(a.itemId, b.itemId)
          || !java.util.Objects.equals(a.storageKey, b.storageKey)
          || !java.util.Objects.equals(a.sha256, b.sha256)) {
        return false;
      }
    }
    return true;
  }

  /** Whether an output item already points at one of these files (published meanwhile). */
  private boolean backsOutputs(List<Task.Output> records) {
    for (Task.Output r : records) {
      if (r.isFile && r.storageKey != null) {
        DataItem item = data.find(r.itemId).orElse(null);
        if (item != null && r.storageKey.equals(item.storageKey)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Publishes a committed result and marks the task SUCCEEDED. From here on the result counts: a
   * failure (the database away) leaves the task RUNNING with its publication, and lease recovery
   * completes it once the lease expires.
   */
  private void complete(
      Task task,
      String token,
      Instant started,
      List<Task.Output> records,
      TaskExecutions.Execution execution) {
    try {
      List<String> published = publisher.apply(records);
      boolean succeeded =
          tasks
              .transitionLeased(
                  task.id,
                  token,
                  TaskStatus.SUCCEEDED,
                  set("publication", null),
                  set("progress", progress(1.0, "done")),
                  set("log", execution.log.toString()),
                  push("attempts", attempt(task, started, "SUCCEEDED", 0, null)))
              .isPresent();
      LOG.infof("task %s (%s) %s", task.id, task.module, succeeded ? "SUCCEEDED" : "was overtaken");
      metrics.attempt(task.module, "SUCCEEDED");
      if (succeeded) {
        metrics.finished(task.module, "SUCCEEDED", Duration.between(started, clock.instant()));
      }
      graph.promoteConsumersOf(published);
    } catch (RuntimeException e) {
      if (e instanceof MongoException) {
        watch.failed();
      }
      LOG.warnf(
          "task %s: its result is committed but publishing it failed (%s); lease recovery will"
              + " complete it",
          task.id, e.toString());
    }
  }

  /**
   * Once the process ended: starts no more progress writes and waits (briefly) for the one in
   * flight, so it never lands after the attempt's final transition. On a server that writes whole
   * documents (FerretDB 1.x) a late progress write could otherwise undo that transition.
   */
  private static void settleProgress(TaskExecutions.Execution execution) {
    execution.ended = true;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!execution.progressIdle.get() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Module availableModule(Task task) throws AttemptFailure {
    Module module = modules.find(task.module).orElse(null);
    if (module == null || module.status != ModuleStatus.AVAILABLE) {
      String status = module == null ? "gone" : module.status.toString();
      throw new AttemptFailure(
          "module '" + task.module + "' is " + status + ", not AVAILABLE",
          null,
          null,
          false,
          "FAILED");
    }
    return module;
  }

  private JsonNode execute(Task task, Module module, Path job, TaskExecutions.Execution execution)
      throws AttemptFailure, IOException {
    Path venv = venvs.path(module.name, module.envKey);
    venvs.markUsed(venv);
    AtomicReference<JsonNode> result = new AtomicReference<>();
    AtomicLong lastProgress = new AtomicLong();
    ProcessSpec spec =
        new ProcessSpec(
            List.of(
                venv.resolve("bin/python").toString(),
                "-m",
                "taskmill",
                "run",
                "--job",
                job.toString()),
            Path.of(config.modules().dir()).toAbsolutePath().resolve(module.name),
            environment.inVenv(venv),
            Duration.ofSeconds(task.timeoutSeconds),
            config.tasks().logLimitBytes(),
            line -> onLine(task, execution, line, result, lastProgress));
    RunningProcess process = processes.start(spec);
    execution.attach(process);
    ProcessResult ended;
    try {
      ended = process.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AttemptFailure(
          "its instance stopped while the module ran", null, null, true, InfrastructureLoss.LOST);
    }
    String stderr = ended.stderrTail().strip();
    if (!stderr.isEmpty()) {
      execution.log.line("--- stderr ---");
      stderr.lines().forEach(execution.log::line);
    }
    String tail = execution.log.toString();
    if (ended.cancelled()) {
      throw new AttemptFailure("cancelled", null, tail, false, "CANCELLED");
    }
    if (ended.timedOut()) {
      throw new AttemptFailure(
          "timed out after " + task.timeoutSeconds + " s; the process tree was killed",
          null,
          tail,
          true,
          "TIMED_OUT");
    }
    JsonNode last = result.get();
    if (ended.exitCode() != 0 || last == null || !last.path("ok").asBoolean(false)) {
      String message =
          last != null && last.hasNonNull("error")
              ? last.get("error").asText()
              : "exit code " + ended.exitCode() + ": " + ended.lastErrorLine();
      throw new AttemptFailure(message, ended.exitCode(), tail, true, "FAILED");
    }
    return last;
  }

  private void onLine(
      Task task,
      TaskExecutions.Execution execution,
      String line,
      AtomicReference<JsonNode> result,
      AtomicLong lastProgress) {
    JsonNode message = null;
    if (line.startsWith("{")) {
      try {
        message = json.readTree(line);
      } catch (IOException e) {
        message = null;
      }
    }
    if (message == null) {
      execution.log.line(line);
      return;
    }
    switch (message.path("type").asText()) {
      case "progress" -> {
        double fraction = message.path("fraction").asDouble(0);
        String text = message.path("message").asText("");
        execution.log.line(String.format("[%3.0f%%] %s", fraction * 100, text));
        long now = System.currentTimeMillis();
        // Written off the thread that reads the module's output, one write at a time per task:
        // while the database is away a write waits (or fails), and the reader must go on reading,
        // or the result line is not read before the process ends and the attempt is lost.
        if (now - lastProgress.get() >= PROGRESS_EVERY_MILLIS
            && !execution.ended
            && execution.progressIdle.compareAndSet(true, false)) {
          lastProgress.set(now);
          Task.Progress latest = progress(fraction, text);
          progressWrites.execute(
              () -> {
                try {
                  tasks.progressed(task, execution.leaseToken, latest);
                } catch (RuntimeException e) {
                  // Progress is advisory: the database being away must not cost the attempt.
                  LOG.debugf("task %s: progress not saved: %s", task.id, e);
                } finally {
                  execution.progressIdle.set(true);
                }
              });
        }
      }
      case "log" ->
          execution.log.line(
              "[" + message.path("level").asText("INFO") + "] " + message.path("message").asText());
      case "result" -> result.set(message);
      default -> execution.log.line(line);
    }
  }

  private void failAttempt(
      Task task,
      String token,
      Instant started,
      AttemptFailure failure,
      TaskExecutions.Execution execution) {
    Task.Failure error = new Task.Failure();
    error.message = failure.getMessage();
    error.exitCode = failure.exitCode;
    error.logTail = tail(failure.logTail);
    Bson attempt =
        push(
            "attempts",
            attempt(task, started, failure.outcome, failure.exitCode, failure.getMessage()));
    metrics.attempt(task.module, failure.outcome);
    boolean again = failure.retryable && task.attempt < task.maxAttempts;
    if (again) {
      Duration backoff = backoff(task.attempt);
      tasks
          .transitionLeased(
              task.id,
              token,
              TaskStatus.QUEUED,
              set("error", error),
              set("log", execution.log.toString()),
              set("notBefore", clock.instant().plus(backoff)),
              attempt)
          .ifPresent(t -> signal.wake());
      LOG.infof(
          "task %s attempt %d failed (%s); again in %s",
          task.id, task.attempt, error.message, backoff);
      return;
    }
    // Outputs first, as on success: whoever sees the task FAILED sees its outputs FAILED too.
    String reason = "task " + task.id + " failed: " + error.message;
    if (tasks.updateLeased(task.id, token)) {
      graph.failOutputs(task, reason);
    }
    tasks
        .transitionLeased(
            task.id,
            token,
            TaskStatus.FAILED,
            set("error", error),
            set("log", execution.log.toString()),
            attempt)
        .ifPresent(
            failed -> {
              LOG.infof("task %s FAILED: %s", task.id, error.message);
              metrics.finished(task.module, "FAILED", Duration.between(started, clock.instant()));
              graph.failDownstream(failed, reason);
            });
  }

  private void recordCancelled(Task task, Instant started, TaskExecutions.Execution execution) {
    // The API already made it CANCELLED; keep the log and the attempt for the record.
    tasks.recordAttempt(
        task.id,
        TaskStatus.CANCELLED,
        execution.log.toString(),
        attempt(task, started, "CANCELLED", null, "cancelled by a client"));
  }

  Duration backoff(int attempt) {
    return backoff(attempt, config.tasks().backoffBase(), config.tasks().backoffMax());
  }

  /** The wait after failed attempt {@code attempt} (from 1): base × 2^(attempt-1), at most max. */
  static Duration backoff(int attempt, Duration base, Duration max) {
    long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
    Duration wait = base.multipliedBy(factor);
    return wait.compareTo(max) > 0 ? max : wait;
  }

  private Task.Attempt attempt(
      Task task, Instant started, String outcome, Integer exitCode, String message) {
    Task.Attempt attempt = new Task.Attempt();
    attempt.number = task.attempt;
    attempt.startedAt = started;
    attempt.finishedAt = clock.instant();
    attempt.outcome = outcome;
    attempt.exitCode = exitCode;
    attempt.message = message;
    attempt.counted = true;
    return attempt;
  }

  private static Task.Progress progress(double fraction, String message) {
    Task.Progress progress = new Task.Progress();
    progress.fraction = Math.max(0, Math.min(1, fraction));
    progress.message = message;
    return progress;
  }

  private static String tail(String log) {
    if (log == null) {
      return null;
    }
    return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
  }
}
