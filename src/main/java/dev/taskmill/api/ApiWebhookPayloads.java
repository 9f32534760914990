package dev.taskmill.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.api.dto.ModuleDto;
import dev.taskmill.api.dto.PipelineDto;
import dev.taskmill.api.dto.TaskDto;
import dev.taskmill.config.ServerPaths;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.module.Module;
import dev.taskmill.pipeline.Pipeline;
import dev.taskmill.task.model.Task;
import dev.taskmill.webhook.WebhookPayloads;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Webhook deliveries show tasks, pipelines and modules with the API's own mappings. */
@ApplicationScoped
public class ApiWebhookPayloads implements WebhookPayloads {

  private final ObjectMapper json;
  private final ServerPaths paths;
  private final DataRepository data;

  ApiWebhookPayloads(ObjectMapper json, ServerPaths paths, DataRepository data) {
    this.json = json;
    this.paths = paths;
    this.data = data;
  }

  @Override
  public Object task(Task task) {
    return TaskDto.of(task, json, paths);
  }

  @Override
  public Object pipeline(Pipeline pipeline, Map<String, Task> tasks) {
    Map<String, DataItem> items = new HashMap<>();
    data.findAll(tasks.values().stream().flatMap(t -> t.outputs.values().stream()).toList())
        .forEach(item -> items.put(item.id, item));
    // Sent when a pipeline ended: nothing left to estimate.
    return PipelineDto.of(pipeline, tasks, items, Map.of(), paths);
  }

  @Override
  public Object module(Module module) {
    // The workers are this instance's, not the module's: a delivery leaves them out.
    return ModuleDto.of(module, json, paths, List.of());
  }
}
