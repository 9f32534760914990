package dev.taskmill.task.run;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.module.MemoryLimits;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleEnvironment;
import dev.taskmill.module.ModuleFolders;
import dev.taskmill.module.ModuleProtocol;
import dev.taskmill.module.ProtocolLine;
import dev.taskmill.module.VirtualEnvs;
import dev.taskmill.process.ProcessResult;
import dev.taskmill.process.ProcessRunner;
import dev.taskmill.process.ProcessSpec;
import dev.taskmill.process.RunningProcess;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a module the cold way: one {@code python -m taskmill run --job job.json} subprocess per
 * attempt, in the module's virtualenv, with the task's time limit. The process runner bounds what
 * is read of it (lines, log); stdout is read through {@link ModuleProtocol}. Cancel and hand-back
 * kill the process tree.
 */
@ApplicationScoped
@Typed(ColdProcessInvocation.class)
public class ColdProcessInvocation implements ModuleInvocation {

  private final VirtualEnvs venvs;
  private final ModuleEnvironment environment;
  private final ProcessRunner processes;
  private final ModuleProtocol protocol;
  private final JobWriter jobs;
  private final TaskmillConfig config;
  private final ModuleFolders folders;

  ColdProcessInvocation(
      VirtualEnvs venvs,
      ModuleEnvironment environment,
      ProcessRunner processes,
      ModuleProtocol protocol,
      JobWriter jobs,
      TaskmillConfig config,
      ModuleFolders folders) {
    this.folders = folders;
    this.venvs = venvs;
    this.environment = environment;
    this.processes = processes;
    this.protocol = protocol;
    this.jobs = jobs;
    this.config = config;
  }

  @Override
  public ModuleResult invoke(ModuleJob job, AttemptChannel channel) throws IOException {
    Task task = job.task();
    Module module = job.module();
    Path venv = venvs.path(module.name, module.envKey);
    venvs.markUsed(venv);
    AtomicReference<ProtocolLine.Result> result = new AtomicReference<>();
    ProcessSpec spec =
        new ProcessSpec(
                List.of(
                    venv.resolve("bin/python").toString(),
                    "-m",
                    "taskmill",
                    "run",
                    "--job",
                    job.jobFile().toString()),
                folders.dirOf(module.name),
                environment.forJob(venv, module.resources, job.gpu()),
                Duration.ofSeconds(task.timeoutSeconds),
                config.tasks().logLimitBytes(),
                line -> follow(line, protocol.read(line), channel, result))
            .withMemoryLimitMb(MemoryLimits.of(module.resources));
    RunningProcess process = processes.start(spec);
    channel.onStop(process::cancel);
    ProcessResult ended;
    try {
      ended = process.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return end(new AttemptOutcome.Lost("its instance stopped while the module ran"));
    }
    String stderr = ended.stderrTail().strip();
    if (!stderr.isEmpty()) {
      channel.log("--- stderr ---");
      stderr.lines().forEach(channel::log);
    }
    String tail = channel.logText();
    if (ended.cancelled()) {
      // Stopped through the channel: the runner knows whether a client or a shutdown did it.
      return end(new AttemptOutcome.Cancelled());
    }
    if (ended.memoryExceeded()) {
      return end(
          new AttemptOutcome.Failed(
              MemoryLimits.exceeded("the module", ended, MemoryLimits.of(module.resources)),
              null,
              tail,
              false));
    }
    if (ended.timedOut()) {
      return end(
          new AttemptOutcome.TimedOut(
              "timed out after " + task.timeoutSeconds + " s; the process tree was killed", tail));
    }
    ProtocolLine.Result last = result.get();
    if (ended.exitCode() != 0 || last == null || !last.ok()) {
      String message =
          last != null && last.error() != null
              ? last.error()
              : "exit code " + ended.exitCode() + ": " + ended.lastErrorLine();
      return end(new AttemptOutcome.Failed(message, ended.exitCode(), tail, true));
    }
    try {
      jobs.checkInputsUnchanged(job.folder());
    } catch (OutputPublisher.PublishFailure failure) {
      return end(new AttemptOutcome.Failed(failure.getMessage(), 0, tail, false));
    }
    return new ModuleResult.Produced(last.outputs());
  }

  /** One stdout line, on the reader thread: it must not wait on the database (see the channel). */
  private static void follow(
      String raw,
      ProtocolLine line,
      AttemptChannel channel,
      AtomicReference<ProtocolLine.Result> result) {
    if (line instanceof ProtocolLine.Result r) {
      result.set(r);
    } else {
      ModuleLines.follow(line, raw, channel);
    }
  }

  private static ModuleResult end(AttemptOutcome outcome) {
    return new ModuleResult.Ended(outcome);
  }
}
