package dev.taskmill.module;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.process.ProcessResult;
import dev.taskmill.process.ProcessRunner;
import dev.taskmill.process.ProcessSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Talks to one module through the process protocol ({@code docs/module-protocol.md}): JSON lines on
 * stdout, human text on stderr, a {@code result} object last.
 */
@ApplicationScoped
public class ModuleProtocol {

  private final ProcessRunner runner;
  private final ModuleEnvironment environment;
  private final ObjectMapper json;
  private final TaskmillConfig config;

  ModuleProtocol(
      ProcessRunner runner,
      ModuleEnvironment environment,
      ObjectMapper json,
      TaskmillConfig config) {
    this.runner = runner;
    this.environment = environment;
    this.json = json;
    this.config = config;
  }

  /**
   * What one protocol command printed and how it ended.
   *
   * @param memoryLimitMb the memory limit it ran under (0: none)
   */
  public record Outcome(
      ProcessResult process,
      Duration timeout,
      JsonNode manifest,
      JsonNode result,
      int memoryLimitMb) {

    /** The {@code error} of the result object, if the module gave one. */
    public String error() {
      return result != null && result.hasNonNull("error") ? result.get("error").asText() : null;
    }
  }

  /** Runs {@code describe} and returns the manifest, or fails with a reason a person reads. */
  public Manifest describe(Path venv, Path moduleDir, StringBuilder log) throws SetupFailure {
    Outcome outcome =
        call(venv, moduleDir, List.of("describe"), config.modules().describeTimeout(), null);
    log.append("$ python -m taskmill describe\n").append(outcome.process().log());
    if (!outcome.process().succeeded() || outcome.manifest() == null) {
      throw new SetupFailure("describe failed: " + explain(outcome, "describe"));
    }
    try {
      return json.treeToValue(outcome.manifest(), Manifest.class);
    } catch (JsonProcessingException e) {
      throw new SetupFailure(
          "describe printed a manifest that is not valid: " + e.getOriginalMessage());
    }
  }

  /**
   * Runs the self-test in {@code workDir}, under the module's declared {@code resources}: the
   * memory limit its tasks run under, and the GPU it would get (docs/decisions.md).
   */
  public Outcome selfTest(Path venv, Path moduleDir, Path workDir, Module.Resources resources)
      throws SetupFailure {
    return call(
        venv,
        moduleDir,
        List.of("test", "--work-dir", workDir.toString()),
        config.modules().testTimeout(),
        resources);
  }

  /** Why a protocol command failed, in one sentence. */
  public String explain(Outcome outcome, String command) {
    ProcessResult process = outcome.process();
    if (process.timedOut()) {
      return command + " did not finish within " + human(outcome.timeout()) + " and was stopped";
    }
    if (process.memoryExceeded()) {
      return MemoryLimits.exceeded(command, process, outcome.memoryLimitMb());
    }
    if (outcome.error() != null) {
      return outcome.error();
    }
    String last = process.lastErrorLine();
    String detail = last.isEmpty() ? "no error message" : last;
    return "exit code " + process.exitCode() + ": " + detail;
  }

  /** Runs one command; {@code resources} null: no memory limit and no GPU (describe). */
  private Outcome call(
      Path venv, Path moduleDir, List<String> args, Duration timeout, Module.Resources resources)
      throws SetupFailure {
    int memoryMb = MemoryLimits.of(resources);
    List<String> command = new ArrayList<>();
    command.add(venv.resolve("bin/python").toString());
    command.add("-m");
    command.add("taskmill");
    command.addAll(args);
    AtomicReference<JsonNode> manifest = new AtomicReference<>();
    AtomicReference<JsonNode> result = new AtomicReference<>();
    ProcessSpec spec =
        new ProcessSpec(
                command,
                moduleDir,
                environment.forSelfTest(venv, resources),
                timeout,
                config.modules().logLimitBytes(),
                line -> {
                  ProtocolLine message = read(line);
                  if (message instanceof ProtocolLine.Manifest m) {
                    manifest.set(m.manifest());
                  } else if (message instanceof ProtocolLine.Result r) {
                    result.set(r.result());
                  }
                })
            .withMemoryLimitMb(memoryMb);
    try {
      ProcessResult process = runner.run(spec);
      return new Outcome(process, timeout, manifest.get(), result.get(), memoryMb);
    } catch (IOException e) {
      throw new SetupFailure("cannot start the module's Python: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SetupFailure("interrupted: the service is shutting down");
    }
  }

  /** Reads one stdout line of a module: a protocol message, or log text. */
  public ProtocolLine read(String line) {
    JsonNode message = null;
    if (line.startsWith("{")) {
      try {
        message = json.readTree(line);
      } catch (JsonProcessingException e) {
        message = null;
      }
    }
    if (message == null || !message.isObject()) {
      return new ProtocolLine.Text(line);
    }
    ProtocolLine read = message(line, message);
    JsonNode job = message.get("job");
    return job != null && job.isTextual() ? new ProtocolLine.ForJob(job.asText(), read) : read;
  }

  private static ProtocolLine message(String line, JsonNode message) {
    return switch (message.path("type").asText()) {
      case "progress" ->
          new ProtocolLine.Progress(
              message.path("fraction").asDouble(0), message.path("message").asText(""));
      case "log" ->
          new ProtocolLine.Log(
              message.path("level").asText("INFO"), message.path("message").asText());
      case "manifest" -> new ProtocolLine.Manifest(message);
      case "result" -> new ProtocolLine.Result(message);
      case "loaded" -> new ProtocolLine.Loaded(message);
      default -> new ProtocolLine.Other(line);
    };
  }

  static String human(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds < 120 ? seconds + " s" : (seconds / 60) + " min";
  }
}
