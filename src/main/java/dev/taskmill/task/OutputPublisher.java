package dev.taskmill.task;

import static com.mongodb.client.model.Updates.set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.media.MediaInfo;
import dev.taskmill.media.MediaProbe;
import dev.taskmill.module.Module;
import dev.taskmill.store.FileStore;
import dev.taskmill.store.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Publishes a finished module's outputs: files are probed for media headers and moved into the file
 * store (temp + rename) or values stored inline, then each item is marked AVAILABLE with size,
 * sha256, media type and probed media facts, in that order, so a reader never sees a partial file.
 * Checks everything before publishing anything.
 */
@ApplicationScoped
public class OutputPublisher {

  private final DataRepository data;
  private final FileStore store;

  OutputPublisher(DataRepository data, FileStore store) {
    this.data = data;
    this.store = store;
  }

  /** A module result that cannot be published; the message is the task's error. */
  public static class PublishFailure extends Exception {
    PublishFailure(String message) {
      super(message);
    }
  }

  private record Planned(Module.Port port, String itemId, Path file, JsonNode value, String type) {}

  /**
   * Publishes {@code outputs} (the result's port → {path|value, mediaType}) of {@code task}.
   *
   * @return the ids of the items published
   */
  public List<String> publish(Task task, Module module, JsonNode outputs, Path outputDir)
      throws PublishFailure, IOException {
    List<Planned> plan = new ArrayList<>();
    Path outDir = outputDir.toRealPath();
    for (Module.Port port : module.outputs) {
      String itemId = task.outputs.get(port.name);
      JsonNode out = outputs == null ? null : outputs.get(port.name);
      if (out == null || out.isNull()) {
        if (port.optional) {
          continue;
        }
        throw new PublishFailure("the module did not produce its output '" + port.name + "'");
      }
      String type = out.hasNonNull("mediaType") ? out.get("mediaType").asText() : port.mediaType;
      if (out.hasNonNull("path")) {
        Path file = Path.of(out.get("path").asText());
        if (!file.isAbsolute()) {
          file = outDir.resolve(file);
        }
        if (!Files.isRegularFile(file) || !file.toRealPath().startsWith(outDir)) {
          throw new PublishFailure(
              "output '" + port.name + "' is not a file in the task's output folder: " + file);
        }
        plan.add(new Planned(port, itemId, file.toRealPath(), null, type));
      } else if (out.has("value")) {
        plan.add(new Planned(port, itemId, null, out.get("value"), type));
      } else {
        throw new PublishFailure("output '" + port.name + "' has neither a path nor a value");
      }
    }
    List<String> published = new ArrayList<>();
    for (Planned p : plan) {
      if (p.file() != null) {
        // Headers only (a few KiB even for a large video), before the move makes it visible.
        MediaInfo media = MediaProbe.probe(p.file());
        boolean mediaPort = List.of("IMAGE", "VIDEO", "AUDIO").contains(p.port().kind);
        StoredFile stored = store.importFile(p.file());
        data.transition(
            p.itemId(),
            DataStatus.PENDING,
            DataStatus.AVAILABLE,
            set("isFile", true),
            set("storageKey", stored.key()),
            set("size", stored.size()),
            set("sha256", stored.sha256()),
            set("media", mediaPort || media.container != null ? media : null),
            set("mediaType", orDefault(p.type(), "application/octet-stream")));
      } else {
        String text = p.value().isTextual() ? p.value().asText() : p.value().toString();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        data.transition(
            p.itemId(),
            DataStatus.PENDING,
            DataStatus.AVAILABLE,
            set("isFile", false),
            set("text", text),
            set("size", (long) bytes.length),
            set("sha256", sha256(bytes)),
            set("mediaType", orDefault(p.type(), defaultType(p.port()))));
      }
      published.add(p.itemId());
    }
    // Optional outputs the module left out will never come.
    for (Map.Entry<String, String> output : task.outputs.entrySet()) {
      if (!published.contains(output.getValue())) {
        data.transition(
            output.getValue(),
            DataStatus.PENDING,
            DataStatus.FAILED,
            set("reason", "the module did not produce this optional output"));
      }
    }
    return published;
  }

  private static String defaultType(Module.Port port) {
    return "JSON".equals(port.kind) ? "application/json" : "text/plain";
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
