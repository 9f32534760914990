package dev.taskmill.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.module.Module;
import dev.taskmill.pipeline.Pipeline;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of a delivery: the event, the delivery id, the time the subject reached its end
 * (inside the signed body, so a receiver can refuse old replays), the subject as the API shows it,
 * and the outputs' item ids with the URLs their content is downloaded from.
 */
@ApplicationScoped
public class EventBodies {

  private final ObjectMapper json;
  private final WebhookPayloads payloads;
  private final String base;

  EventBodies(ObjectMapper json, WebhookPayloads payloads, TaskmillConfig config) {
    this.json = json;
    this.payloads = payloads;
    this.base = config.webhooks().publicUrl().map(u -> u.replaceAll("/+$", "")).orElse("");
  }

  String task(WebhookEvent event, String deliveryId, Task task) {
    Map<String, Object> body = start(event, deliveryId, task.finishedAt);
    body.put("task", payloads.task(task));
    body.put("outputs", outputs(null, task));
    return write(body);
  }

  String pipeline(
      WebhookEvent event,
      String deliveryId,
      Instant time,
      Pipeline pipeline,
      Map<String, Task> tasks) {
    Map<String, Object> body = start(event, deliveryId, time);
    body.put("pipeline", payloads.pipeline(pipeline, tasks));
    List<Map<String, Object>> outputs = new ArrayList<>();
    for (Pipeline.Step step : pipeline.steps) {
      Task task = tasks.get(step.taskId);
      if (task != null) {
        outputs.addAll(outputs(step.name, task));
      }
    }
    body.put("outputs", outputs);
    return write(body);
  }

  String module(WebhookEvent event, String deliveryId, Instant time, Module module) {
    Map<String, Object> body = start(event, deliveryId, time);
    body.put("module", payloads.module(module));
    return write(body);
  }

  private static Map<String, Object> start(WebhookEvent event, String deliveryId, Instant time) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", event.wire());
    body.put("id", deliveryId);
    body.put("time", time);
    return body;
  }

  private List<Map<String, Object>> outputs(String step, Task task) {
    List<Map<String, Object>> outputs = new ArrayList<>();
    task.outputs.forEach(
        (port, itemId) -> {
          Map<String, Object> output = new LinkedHashMap<>();
          if (step != null) {
            output.put("step", step);
          }
          output.put("port", port);
          output.put("id", itemId);
          output.put("contentUrl", base + "/api/v1/data/" + itemId + "/content");
          outputs.add(output);
        });
    return outputs;
  }

  private String write(Map<String, Object> body) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      // The payloads are the API's own DTOs, which always serialise.
      throw new IllegalStateException(e);
    }
  }
}
