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
import org.jboss.logging.Logger;

/**
 * Publishes a finished module's outputs in three steps: {@link #prepare} moves files into the file
 * store (temp + rename) and describes each output; the runner commits that description onto the
 * task with one conditional update under its lease token, so a late result from a lost lease is
 * discarded and nothing is ever published twice; {@link #apply} then marks each item AVAILABLE with
 * size, sha256, media type and probed media facts, so a reader never sees a partial file.
 */
@ApplicationScoped
public class OutputPublisher {

  private static final Logger LOG = Logger.getLogger(OutputPublisher.class);

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
   * Checks the module's {@code outputs} (port → {path|value, mediaType}) of {@code task} and moves
   * its files into the file store, where nobody sees them yet. Checks everything before storing
   * anything.
   *
   * @return what {@link #apply} will publish once the task's lease commits it
   */
  public List<Task.Output> prepare(Task task, Module module, JsonNode outputs, Path outputDir)
      throws PublishFailure, IOException {
    List<Planned> plan = new ArrayList<>();
    Path outDir = outputDir.toRealPath();
    List<Task.Output> records = new ArrayList<>();
    for (Module.Port port : module.outputs) {
      String itemId = task.outputs.get(port.name);
      JsonNode out = outputs == null ? null : outputs.get(port.name);
      if (out == null || out.isNull()) {
        if (port.optional) {
          Task.Output missing = new Task.Output();
          missing.port = port.name;
          missing.itemId = itemId;
          missing.missing = "the module did not produce this optional output";
          records.add(missing);
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
    try {
      for (Planned p : plan) {
        Task.Output record = new Task.Output();
        record.port = p.port().name;
        record.itemId = p.itemId();
        if (p.file() != null) {
          // Headers only (a few KiB even for a large video), before the move makes it visible.
          MediaInfo media = MediaProbe.probe(p.file());
          boolean mediaPort = List.of("IMAGE", "VIDEO", "AUDIO").contains(p.port().kind);
          record.media = mediaPort || media.container != null ? media : null;
          StoredFile stored = store.importFile(p.file());
          record.isFile = true;
          record.storageKey = stored.key();
          record.size = stored.size();
          record.sha256 = stored.sha256();
          record.mediaType = orDefault(p.type(), "application/octet-stream");
        } else {
          String text = p.value().isTextual() ? p.value().asText() : p.value().toString();
          byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
          record.text = text;
          record.size = (long) bytes.length;
          record.sha256 = sha256(bytes);
          record.mediaType = orDefault(p.type(), defaultType(p.port()));
        }
        records.add(record);
      }
    } catch (IOException | RuntimeException e) {
      discard(records);
      throw e;
    }
    return records;
  }

  /**
   * Marks each output AVAILABLE (or FAILED, for an optional one not produced) as committed. Only
   * PENDING items change, so applying a publication twice (the runner, then recovery) is harmless.
   *
   * @return the ids of the items that are AVAILABLE now
   */
  public List<String> apply(List<Task.Output> records) {
    List<String> published = new ArrayList<>();
    for (Task.Output r : records) {
      if (r.missing != null) {
        data.transition(r.itemId, DataStatus.PENDING, DataStatus.FAILED, set("reason", r.missing));
        continue;
      }
      if (r.isFile) {
        data.transition(
            r.itemId,
            DataStatus.PENDING,
            DataStatus.AVAILABLE,
            set("isFile", true),
            set("storageKey", r.storageKey),
            set("size", r.size),
            set("sha256", r.sha256),
            set("media", r.media),
            set("mediaType", r.mediaType));
      } else {
        data.transition(
            r.itemId,
            DataStatus.PENDING,
            DataStatus.AVAILABLE,
            set("isFile", false),
            set("text", r.text),
            set("size", r.size),
            set("sha256", r.sha256),
            set("mediaType", r.mediaType));
      }
      published.add(r.itemId);
    }
    return published;
  }

  /** Deletes the stored files of a publication that was not committed (a late result). */
  public void discard(List<Task.Output> records) {
    for (Task.Output r : records) {
      if (r.isFile && r.storageKey != null) {
        try {
          store.delete(r.storageKey);
        } catch (IOException e) {
          LOG.warnf("could not delete the discarded output file %s: %s", r.storageKey, e);
        }
      }
    }
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
