package dev.taskmill.task.reuse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.taskmill.data.DataItem;
import dev.taskmill.module.Module;
import dev.taskmill.store.Sha256;
import dev.taskmill.task.model.Task;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a task's result depends on, as one SHA-256: the module's name, version and folder checksum,
 * the params in a canonical form (object keys sorted, so {@code {"a":1,"b":2}} and {@code
 * {"b":2,"a":1}} are one key), and for each input port its item's kind, media type and content
 * SHA-256 (what the module is shown of it). Pure: the caller reads the inputs.
 */
public final class ReuseKey {

  /** Bumped when what goes into a key changes, so that no old key matches a new one. */
  private static final String FORMAT = "taskmill-reuse-1";

  private ReuseKey() {}

  /**
   * The key of {@code task}'s result, or empty when it must run: reuse not asked for, a module that
   * refuses it, or an input missing or without a recorded SHA-256.
   *
   * @param inputs the task's input items by id
   */
  public static Optional<String> of(
      Task task, Module module, Map<String, DataItem> inputs, ObjectMapper json) {
    if (!task.reuse || !module.isReusable() || module.checksum == null) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder(FORMAT).append('\n');
    line(text, module.name);
    line(text, module.version);
    line(text, module.checksum);
    line(text, canonicalParams(task.params, json));
    for (Map.Entry<String, String> input : new TreeMap<>(task.inputs).entrySet()) {
      DataItem item = inputs.get(input.getValue());
      if (item == null || item.sha256 == null) {
        return Optional.empty();
      }
      line(text, input.getKey());
      line(text, item.kind == null ? null : item.kind.name());
      line(text, item.mediaType);
      line(text, item.sha256);
    }
    return Optional.of(Sha256.of(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** One field per line, its length first: no value can pass for two fields. */
  private static void line(StringBuilder text, String value) {
    if (value == null) {
      text.append("-\n");
    } else {
      text.append(value.length()).append(':').append(value).append('\n');
    }
  }

  /** The params as JSON with every object's keys in order. */
  static String canonicalParams(String params, ObjectMapper json) {
    try {
      Object plain = json.readValue(params == null ? "{}" : params, Object.class);
      return json.writer()
          .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writeValueAsString(plain);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored params are not JSON", e);
    }
  }
}
