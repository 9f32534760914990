package dev.taskmill.health;

import dev.taskmill.config.ServerPaths;
import dev.taskmill.module.ModuleRegistry;
import dev.taskmill.module.PythonRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when Python is found; reports modules by status. */
@Readiness
@ApplicationScoped
public class ModuleRuntimeReadiness implements HealthCheck {

  private final PythonRuntime python;
  private final ModuleRegistry registry;
  private final ServerPaths paths;

  ModuleRuntimeReadiness(PythonRuntime python, ModuleRegistry registry, ServerPaths paths) {
    this.python = python;
    this.registry = registry;
    this.paths = paths;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("module-runtime");
    PythonRuntime.Resolved interpreter = python.resolve();
    try {
      registry.countByStatus().forEach((status, count) -> response.withData(status.name(), count));
    } catch (RuntimeException e) {
      response.withData("modules", "unknown: " + paths.hide(e.getMessage()));
    }
    if (!interpreter.found()) {
      return response.withData("python", paths.hide(interpreter.problem())).down().build();
    }
    return response
        // The interpreter's name and version; its folder is the host's business.
        .withData(
            "python", interpreter.executable().getFileName() + " (" + interpreter.version() + ")")
        .up()
        .build();
  }
}
