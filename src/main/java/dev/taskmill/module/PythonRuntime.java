package dev.taskmill.module;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.process.ProcessResult;
import dev.taskmill.process.ProcessRunner;
import dev.taskmill.process.ProcessSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Python interpreter that creates module virtual environments. Resolved once to its real path:
 * a pyenv shim costs ~100 ms per start, the interpreter itself ~40 ms.
 */
@ApplicationScoped
public class PythonRuntime {

  private final TaskmillConfig config;
  private final ProcessRunner runner;
  private final ModuleEnvironment environment;
  private volatile Resolved resolved;

  PythonRuntime(TaskmillConfig config, ProcessRunner runner, ModuleEnvironment environment) {
    this.config = config;
    this.runner = runner;
    this.environment = environment;
  }

  /** The interpreter's real path and version, or the reason none was found. */
  public record Resolved(Path executable, String version, String problem) {
    public boolean found() {
      return executable != null;
    }
  }

  /** Resolves the configured interpreter (once; later calls return the same answer). */
  public Resolved resolve() {
    Resolved current = resolved;
    if (current == null) {
      synchronized (this) {
        if (resolved == null) {
          resolved = doResolve();
        }
        current = resolved;
      }
    }
    return current;
  }

  private Resolved doResolve() {
    String python = config.modules().python();
    try {
      ProcessResult result =
          runner.run(
              new ProcessSpec(
                  List.of(
                      python,
                      "-c",
                      "import sys; print(sys.executable); print(sys.version.split()[0])"),
                  Path.of(".").toAbsolutePath(),
                  environment.base(),
                  Duration.ofSeconds(30),
                  4096,
                  null));
      String[] lines = result.log().strip().split("\n");
      if (!result.succeeded() || lines.length < 2 || !Files.isExecutable(Path.of(lines[0]))) {
        return new Resolved(
            null, null, "'" + python + "' did not run: " + result.lastErrorLine().strip());
      }
      return new Resolved(Path.of(lines[0].strip()), lines[1].strip(), null);
    } catch (IOException e) {
      return new Resolved(
          null,
          null,
          "Python interpreter '"
              + python
              + "' not found (set TASKMILL_MODULES_PYTHON): "
              + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Resolved(null, null, "interrupted while looking for Python");
    }
  }
}
