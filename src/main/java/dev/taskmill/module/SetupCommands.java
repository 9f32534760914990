package dev.taskmill.module;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.process.ProcessResult;
import dev.taskmill.process.ProcessRunner;
import dev.taskmill.process.ProcessSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the commands of a module setup (venv, pip): in the modules' environment, within the setup
 * timeout, each command and its output appended to the setup log, a failure thrown as a {@link
 * SetupFailure} that says what went wrong in pip's own words.
 */
@ApplicationScoped
public class SetupCommands {

  private final TaskmillConfig config;
  private final ProcessRunner runner;
  private final ModuleEnvironment environment;

  SetupCommands(TaskmillConfig config, ProcessRunner runner, ModuleEnvironment environment) {
    this.config = config;
    this.runner = runner;
    this.environment = environment;
  }

  /**
   * Runs {@code command} in {@code cwd}.
   *
   * @param failure what the failure message starts with, e.g. "creating the virtual environment
   *     failed"
   */
  void run(List<String> command, Path cwd, String failure, StringBuilder log) throws SetupFailure {
    log.append("$ ").append(String.join(" ", command)).append('\n');
    try {
      Files.createDirectories(cwd);
      ProcessResult result =
          runner.run(
              new ProcessSpec(
                  command,
                  cwd,
                  environment.base(),
                  config.modules().setupTimeout(),
                  config.modules().logLimitBytes(),
                  null));
      log.append(result.log());
      if (result.timedOut()) {
        throw new SetupFailure(
            failure
                + ": did not finish within "
                + ModuleProtocol.human(config.modules().setupTimeout()));
      }
      if (!result.succeeded()) {
        throw new SetupFailure(failure + ": " + pipError(result));
      }
    } catch (IOException e) {
      throw new SetupFailure(failure + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SetupFailure(failure + ": interrupted, the service is shutting down");
    }
  }

  /** pip's own "ERROR:" lines say what went wrong better than its last line does. */
  private static String pipError(ProcessResult result) {
    StringBuilder errors = new StringBuilder();
    for (String line : result.stderrTail().split("\n")) {
      if (line.startsWith("ERROR:")) {
        if (!errors.isEmpty()) {
          errors.append(' ');
        }
        errors.append(line.substring("ERROR:".length()).strip());
      }
    }
    return errors.isEmpty() ? result.lastErrorLine() : errors.toString();
  }
}
