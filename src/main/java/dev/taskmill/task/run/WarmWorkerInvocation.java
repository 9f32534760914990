package dev.taskmill.task.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.module.MemoryLimits;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleEnvironment;
import dev.taskmill.module.ModuleFolders;
import dev.taskmill.module.ProtocolLine;
import dev.taskmill.module.VirtualEnvs;
import dev.taskmill.module.worker.JobEnd;
import dev.taskmill.module.worker.WarmWorker;
import dev.taskmill.module.worker.WorkerKey;
import dev.taskmill.module.worker.WorkerLaunch;
import dev.taskmill.module.worker.WorkerPool;
import dev.taskmill.module.worker.WorkerStartFailure;
import dev.taskmill.process.OutputTail;
import dev.taskmill.process.ProcessResult;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a module's job on a warm worker (protocol 2): a process of the module that loaded it once
 * and serves jobs one at a time ({@link WorkerPool}). The task's time limit covers waiting for a
 * new worker to load and the job itself. A timeout, a cancel or a hand-back kills the worker's
 * process tree, and the next job starts a fresh one; a worker that crashes ends only the job it
 * held.
 */
@ApplicationScoped
@Typed(WarmWorkerInvocation.class)
public class WarmWorkerInvocation implements ModuleInvocation {

  private final WorkerPool pool;
  private final VirtualEnvs venvs;
  private final ModuleEnvironment environment;
  private final JobWriter jobs;
  private final ObjectMapper json;
  private final TaskmillConfig config;
  private final ModuleFolders folders;

  WarmWorkerInvocation(
      WorkerPool pool,
      VirtualEnvs venvs,
      ModuleEnvironment environment,
      JobWriter jobs,
      ObjectMapper json,
      TaskmillConfig config,
      ModuleFolders folders) {
    this.folders = folders;
    this.pool = pool;
    this.venvs = venvs;
    this.environment = environment;
    this.jobs = jobs;
    this.json = json;
    this.config = config;
  }

  @Override
  public ModuleResult invoke(ModuleJob job, AttemptChannel channel) throws IOException {
    Task task = job.task();
    Module module = job.module();
    Path venv = venvs.path(module.name, module.envKey);
    venvs.markUsed(venv);
    int memoryLimitMb = MemoryLimits.of(module.resources);
    WorkerLaunch launch =
        new WorkerLaunch(
            new WorkerKey(module.name, module.envKey, job.gpu() == null ? -1 : job.gpu().device()),
            venv,
            folders.dirOf(module.name),
            () -> environment.forJob(venv, module.resources, job.gpu()),
            memoryLimitMb,
            module.workers);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(task.timeoutSeconds);
    AtomicBoolean stopped = new AtomicBoolean();
    WarmWorker worker;
    try {
      worker = pool.acquire(launch, remaining(deadline));
    } catch (WorkerStartFailure failure) {
      return failed("the module's worker could not start: " + failure.getMessage(), channel);
    } catch (TimeoutException e) {
      return end(
          new AttemptOutcome.TimedOut(
              "timed out after "
                  + task.timeoutSeconds
                  + " s while a worker loaded the module; the worker was killed",
              channel.logText()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return end(new AttemptOutcome.Lost("its instance stopped while the module loaded"));
    }
    String jobId = job.folder().getFileName().toString();
    Path output = job.folder().resolve("output.log");
    CompletableFuture<JobEnd> end;
    try {
      end =
          worker.submit(
              jobId,
              request(job, jobId, output),
              (line, raw) -> ModuleLines.follow(line, raw, channel));
    } catch (IOException e) {
      pool.discard(worker);
      return failed("the runner lost its worker: " + e.getMessage(), channel);
    }
    // After the job is sent: a stop asked for before now runs at once and finds the job running.
    channel.onStop(
        () -> {
          stopped.set(true); // before the kill, which ends the wait below
          if (!worker.killIfRunning(jobId)) {
            stopped.set(false);
          }
        });
    JobEnd answer;
    try {
      answer = end.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pool.discard(worker);
      appendOutput(output, channel);
      return end(
          new AttemptOutcome.TimedOut(
              "timed out after " + task.timeoutSeconds + " s; the worker's process tree was killed",
              channel.logText()));
    } catch (InterruptedException e) {
      pool.discard(worker);
      Thread.currentThread().interrupt();
      return end(new AttemptOutcome.Lost("its instance stopped while the module ran"));
    } catch (ExecutionException e) {
      pool.discard(worker);
      return failed("the runner lost its worker: " + e.getMessage(), channel);
    }
    String jobStderr = appendOutput(output, channel);
    if (stopped.get()) {
      // Stopped through the channel: the runner knows whether a client or a shutdown did it.
      return end(new AttemptOutcome.Cancelled());
    }
    if (answer instanceof JobEnd.WorkerEnded ended) {
      if (ended.process().memoryExceeded()) {
        // The same input needs the same memory: not retried (as for a cold process).
        return end(
            new AttemptOutcome.Failed(
                MemoryLimits.exceeded("the module", ended.process(), memoryLimitMb),
                null,
                channel.logText(),
                false));
      }
      return end(crashed(ended.process(), jobStderr, channel));
    }
    ProtocolLine.Result result = ((JobEnd.Answered) answer).result();
    pool.release(worker, launch);
    if (!result.ok()) {
      String message = result.error() != null ? result.error() : "the module reported a failure";
      return end(new AttemptOutcome.Failed(message, 1, channel.logText(), true));
    }
    try {
      jobs.checkInputsUnchanged(job.folder());
    } catch (OutputPublisher.PublishFailure failure) {
      return end(new AttemptOutcome.Failed(failure.getMessage(), 0, channel.logText(), false));
    }
    return new ModuleResult.Produced(result.outputs());
  }

  private String request(ModuleJob job, String jobId, Path output) {
    ObjectNode request = json.createObjectNode();
    request.put("type", "job");
    request.put("id", jobId);
    request.put("job", job.jobFile().toString());
    request.put("log", output.toString());
    return request.toString();
  }

  private static AttemptOutcome crashed(
      ProcessResult process, String jobStderr, AttemptChannel channel) {
    String how =
        process.cancelled()
            ? "was killed"
            : "exited with code " + process.exitCode() + " before it answered";
    // What the job printed last says why; the worker's own stderr (load time) rarely does.
    String last = lastLine(jobStderr);
    if (last.isEmpty()) {
      last = process.lastErrorLine();
    }
    return new AttemptOutcome.Failed(
        "the module's worker process " + how + (last.isEmpty() ? "" : ": " + last),
        process.cancelled() ? null : process.exitCode(),
        channel.logText(),
        true);
  }

  private static String lastLine(String text) {
    List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
  }

  /**
   * Adds the tail of what the job wrote to its stdout and stderr (the worker's file for it) to its
   * log, as a cold run's stderr is added; returns that tail.
   */
  private String appendOutput(Path output, AttemptChannel channel) {
    String tail =
        OutputTail.of(
            output,
            config.processes().maxLineBytes(),
            Math.min(config.tasks().logLimitBytes(), 16_384));
    if (!tail.isBlank()) {
      channel.log("--- stderr ---");
      tail.strip().lines().forEach(channel::log);
    }
    return tail;
  }

  private static ModuleResult failed(String message, AttemptChannel channel) {
    return end(new AttemptOutcome.Failed(message, null, channel.logText(), true));
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private static ModuleResult end(AttemptOutcome outcome) {
    return new ModuleResult.Ended(outcome);
  }
}
