package dev.taskmill.module.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.module.ModuleProtocol;
import dev.taskmill.module.SetupFailure;
import dev.taskmill.process.ProcessResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A module's self-test in a worker of its own, through the same {@code serve} path, load() and job
 * scope as its tasks: the worker is started, sent one {@code test} request, and stopped.
 */
@ApplicationScoped
class WarmSelfTest {

  private final WorkerPool pool;
  private final ObjectMapper json;
  private final TaskmillConfig config;

  WarmSelfTest(WorkerPool pool, ObjectMapper json, TaskmillConfig config) {
    this.pool = pool;
    this.json = json;
    this.config = config;
  }

  ModuleProtocol.Outcome run(WorkerLaunch launch, Path workDir) throws SetupFailure {
    Duration timeout = config.modules().testTimeout();
    long deadline = System.nanoTime() + timeout.toNanos();
    JobOutput output = new JobOutput(workDir.resolve("output.log"), config);
    WarmWorker worker;
    try {
      worker = pool.startReady(launch, timeout);
    } catch (IOException e) {
      throw new SetupFailure("cannot start the module's Python: " + e.getMessage());
    } catch (WorkerStartFailure failure) {
      return outcome(ended(failure.process()), launch, error(failure.getMessage()), output);
    } catch (TimeoutException e) {
      return outcome(timedOut(null), launch, null, output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SetupFailure("interrupted: the service is shutting down");
    }
    ObjectNode request = json.createObjectNode();
    request.put("type", "test");
    request.put("id", "self-test");
    request.put("workDir", workDir.toString());
    request.put("log", output.file().toString());
    try {
      JobEnd end =
          worker
              .submit("self-test", request.toString(), output::add)
              .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (end instanceof JobEnd.Answered answered) {
        worker.stop(config.workers().stopGrace());
        return outcome(
            ended(worker.awaitEnd(config.workers().stopGrace().multipliedBy(2))),
            launch,
            answered.result().result(),
            output);
      }
      return outcome(((JobEnd.WorkerEnded) end).process(), launch, null, output);
    } catch (TimeoutException e) {
      worker.kill();
      return outcome(timedOut(awaitKilled(worker)), launch, null, output);
    } catch (InterruptedException e) {
      worker.kill();
      Thread.currentThread().interrupt();
      throw new SetupFailure("interrupted: the service is shutting down");
    } catch (ExecutionException | IOException e) {
      worker.kill();
      throw new SetupFailure("the self-test's worker failed: " + e.getMessage());
    }
  }

  private ProcessResult awaitKilled(WarmWorker worker) throws SetupFailure {
    try {
      return worker.awaitEnd(config.workers().stopGrace().multipliedBy(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SetupFailure("interrupted: the service is shutting down");
    }
  }

  /**
   * How the worker ended; its log is what the worker printed while it loaded, then the self-test's
   * messages and output, as a {@code test} process's log reads.
   */
  private ModuleProtocol.Outcome outcome(
      ProcessResult process, WorkerLaunch launch, JsonNode result, JobOutput output) {
    ProcessResult withJobLog =
        new ProcessResult(
            process.exitCode(),
            process.timedOut(),
            process.cancelled(),
            join(process.stderrTail(), output.log()),
            join(process.stderrTail(), output.stderr()),
            process.elapsed(),
            process.memoryExceeded(),
            process.peakRssBytes());
    return new ModuleProtocol.Outcome(
        withJobLog, config.modules().testTimeout(), null, result, launch.memoryLimitMb());
  }

  private static ProcessResult ended(ProcessResult process) {
    return process != null ? process : new ProcessResult(-1, false, true, "", "", Duration.ZERO);
  }

  private static ProcessResult timedOut(ProcessResult process) {
    ProcessResult p = ended(process);
    return new ProcessResult(-1, true, false, p.log(), p.stderrTail(), p.elapsed());
  }

  private ObjectNode error(String message) {
    ObjectNode result = json.createObjectNode();
    result.put("ok", false);
    result.put("error", message);
    return result;
  }

  private static String join(String a, String b) {
    if (b.isEmpty()) {
      return a;
    }
    return a.isEmpty() || a.endsWith("\n") ? a + b : a + "\n" + b;
  }
}
