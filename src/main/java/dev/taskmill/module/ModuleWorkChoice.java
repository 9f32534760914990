package dev.taskmill.module;

import dev.taskmill.config.TaskmillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * The one place {@code taskmill.role} decides how this instance handles modules: {@code worker} and
 * {@code all} detect and set them up here, {@code api} asks the workers (so its executors are never
 * created).
 */
@ApplicationScoped
class ModuleWorkChoice {

  @Produces
  @ApplicationScoped
  ModuleWork moduleWork(
      TaskmillConfig config,
      Instance<LocalDetection> local,
      Instance<RequestedDetection> requested) {
    return config.role().runsTasks() ? local.get() : requested.get();
  }
}
