package dev.taskmill.webhook;

import dev.taskmill.module.Module;
import dev.taskmill.pipeline.Pipeline;
import dev.taskmill.task.model.Task;
import java.util.Map;

/**
 * How a delivery shows its subject: as the API shows it, so a receiver parses one shape. The web
 * layer implements it with its DTO mappings (the domain never imports them).
 */
public interface WebhookPayloads {

  /** The task as {@code GET /api/v1/tasks/{id}} shows it. */
  Object task(Task task);

  /** The pipeline as {@code GET /api/v1/pipelines/{id}} shows it, with its tasks by id. */
  Object pipeline(Pipeline pipeline, Map<String, Task> tasks);

  /** The module as {@code GET /api/v1/modules/{name}} shows it. */
  Object module(Module module);
}
