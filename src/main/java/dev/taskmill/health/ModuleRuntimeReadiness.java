package dev.taskmill.health;

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

  ModuleRuntimeReadiness(PythonRuntime python, ModuleRegistry registry) {
    this.python = python;
    this.registry = registry;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("module-runtime");
    PythonRuntime.Resolved interpreter = python.resolve();
    try {
      registry.countByStatus().forEach((status, count) -> response.withData(status.name(), count));
    } catch (RuntimeException e) {
      response.withData("modules", "unknown: " + e.getMessage());
    }
    if (!interpreter.found()) {
      return response.withData("python", interpreter.problem()).down().build();
    }
    return response
        .withData("python", interpreter.executable() + " (" + interpreter.version() + ")")
        .up()
        .build();
  }
}
