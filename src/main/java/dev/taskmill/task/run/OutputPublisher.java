package dev.taskmill.task.run;

import static com.mongodb.client.model.Updates.set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.media.MediaInfo;
import dev.taskmill.media.MediaProbe;
import dev.taskmill.module.Module;
import dev.taskmill.mongo.Journal;
import dev.taskmill.store.ConfinedFile;
import dev.taskmill.store.FileStore;
import dev.taskmill.store.Sha256;
import dev.taskmill.store.StoredFile;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Publishes a finished module's outputs in three steps: {@link #prepare} copies files into the file
 * store and describes each output; the runner commits that description onto the task with one
 * conditional update under its lease token, so a late result from a lost lease is discarded and
 * nothing is ever published twice; {@link #apply} then marks each item AVAILABLE with size, sha256,
 * media type and probed media facts, so a reader never sees a partial file.
 *
 * <p>A module's output folder is the module's: a process it left behind may still change it. So a
 * file output is opened once, without following links, and must be a regular file with one name
 * ({@link ConfinedFile}); its bytes are copied from that open file into a new stored object. The
 * module's path is never renamed into the store, and nothing the store holds is a link.
 */
@ApplicationScoped
public class OutputPublisher {

  private static final Logger LOG = Logger.getLogger(OutputPublisher.class);

  private final DataRepository data;
  private final FileStore store;

  public OutputPublisher(DataRepository data, FileStore store) {
    this.data = data;
    this.store = store;
  }

  /** A module result that cannot be published; the message is the task's error. */
  public static class PublishFailure extends Exception {
    PublishFailure(String message) {
      super(message);
    }
  }

  /** One output to publish: a file ({@code file}, relative to the output folder) or a value. */
  private record Planned(Module.Port port, String itemId, Path file, JsonNode value, String type) {}

  /**
   * Checks the module's {@code outputs} (port → {path|value, mediaType}) of {@code task} and copies
   * its files into the file store, where nobody sees them yet. Checks every path before storing
   * anything; a file that turns out not to be the output folder's own (a link) fails the whole
   * publication and what was stored for it is deleted.
   *
   * @return what {@link #apply} will publish once the task's lease commits it
   */
  public List<Task.Output> prepare(Task task, Module module, JsonNode outputs, Path outputDir)
      throws PublishFailure, IOException {
    List<Planned> plan = new ArrayList<>();
    List<Task.Output> records = new ArrayList<>();
    for (Module.Port port : module.outputs) {
      String itemId = task.outputs.get(port.name);
      JsonNode out = outputs == null ? null : outputs.get(port.name);
      if (out == null || out.isNull()) {
        if (port.optional) {
          records.add(missing(port, itemId));
          continue;
        }
        throw new PublishFailure("the module did not produce its output '" + port.name + "'");
      }
      String type = out.hasNonNull("mediaType") ? out.get("mediaType").asText() : port.mediaType;
      if (out.hasNonNull("path")) {
        plan.add(
            new Planned(
                port, itemId, insideOutput(port, out.get("path").asText(), outputDir), null, type));
      } else if (out.has("value")) {
        plan.add(new Planned(port, itemId, null, out.get("value"), type));
      } else {
        throw new PublishFailure("output '" + port.name + "' has neither a path nor a value");
      }
    }
    try {
      for (Planned p : plan) {
        if (p.file() != null) {
          StoredFile stored = copyIntoStore(p.port(), outputDir, p.file());
          Task.Output record = storedFile(p.port(), p.itemId(), stored.key(), p.type());
          // Listed before the probe: a failing probe still deletes the stored copy.
          records.add(record);
          record.size = stored.size();
          record.sha256 = stored.sha256();
          probe(p.port(), record);
        } else {
          records.add(value(p.port(), p.itemId(), p.value(), p.type()));
        }
      }
    } catch (PublishFailure | IOException | RuntimeException e) {
      discard(records);
      throw e;
    }
    return records;
  }

  /**
   * The record of an output {@code port} whose file is already in the store as {@code stored} (a
   * remote worker's upload, or a module's output copied in), probed for media facts: what {@link
   * #apply} publishes once committed.
   */
  public Task.Output describeStored(Module.Port port, String itemId, StoredFile stored, String type)
      throws IOException {
    Task.Output record = storedFile(port, itemId, stored.key(), type);
    record.size = stored.size();
    record.sha256 = stored.sha256();
    probe(port, record);
    return record;
  }

  /** The record of an output {@code port} given as a value (text or JSON), kept inline. */
  public Task.Output value(Module.Port port, String itemId, JsonNode value, String type) {
    Task.Output record = new Task.Output();
    record.port = port.name;
    record.itemId = itemId;
    String text = value.isTextual() ? value.asText() : value.toString();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    record.text = text;
    record.size = (long) bytes.length;
    record.sha256 = Sha256.of(bytes);
    record.mediaType = orDefault(type, defaultType(port));
    return record;
  }

  /** The record of an optional output {@code port} the module did not produce. */
  public static Task.Output missing(Module.Port port, String itemId) {
    Task.Output missing = new Task.Output();
    missing.port = port.name;
    missing.itemId = itemId;
    missing.missing = "the module did not produce this optional output";
    return missing;
  }

  private static Task.Output storedFile(Module.Port port, String itemId, String key, String type) {
    Task.Output record = new Task.Output();
    record.port = port.name;
    record.itemId = itemId;
    record.isFile = true;
    record.storageKey = key;
    record.mediaType = orDefault(type, "application/octet-stream");
    return record;
  }

  /** Headers only (a few KiB even for a large video), of the stored copy: what readers will get. */
  private void probe(Module.Port port, Task.Output record) throws IOException {
    MediaInfo media;
    try (SeekableByteChannel object = store.openChannel(record.storageKey)) {
      media = MediaProbe.probe(object);
    }
    boolean mediaPort = List.of("IMAGE", "VIDEO", "AUDIO").contains(port.kind);
    record.media = mediaPort || media.container != null ? media : null;
  }

  /**
   * The output's path relative to the output folder: as the module gave it (relative), or an
   * absolute path below the folder. Only names, no {@code ..}: a path is what it says, whatever
   * links the folder holds (those are refused when the file is opened).
   */
  private static Path insideOutput(Module.Port port, String given, Path outputDir)
      throws PublishFailure {
    String outside = "output '" + port.name + "' is not a file in the task's output folder";
    Path path;
    try {
      path = Path.of(given);
    } catch (InvalidPathException e) {
      throw new PublishFailure(outside + ": its path is not valid");
    }
    Path below;
    if (!path.isAbsolute()) {
      below = path;
    } else if (path.startsWith(outputDir)) {
      below = outputDir.relativize(path);
    } else if (path.startsWith(outputDir.normalize())) {
      below = outputDir.normalize().relativize(path); // the SDK drops "." from the folder's path
    } else {
      throw new PublishFailure(outside);
    }
    Path relative = null;
    for (Path name : below) {
      String text = name.toString();
      if (text.equals("..")) {
        throw new PublishFailure(outside + ": '..' in its path");
      }
      if (!text.isEmpty() && !text.equals(".")) {
        relative = relative == null ? name : relative.resolve(name);
      }
    }
    if (relative == null) {
      throw new PublishFailure(outside + ": its path names the folder itself");
    }
    return relative;
  }

  /** Copies the output file from one no-follow open of it; never renames the module's path. */
  private StoredFile copyIntoStore(Module.Port port, Path outputDir, Path relative)
      throws PublishFailure, IOException {
    try (ConfinedFile file = ConfinedFile.open(outputDir.toAbsolutePath(), relative)) {
      return store.write(file.content());
    } catch (ConfinedFile.Refused refused) {
      throw new PublishFailure(
          "output '"
              + port.name
              + "' is not a file of the task's output folder: "
              + refused.getMessage());
    }
  }

  /**
   * Marks each output AVAILABLE (or FAILED, for an optional one not produced) as committed. Only
   * PENDING items change, so applying a publication twice (the runner, then recovery) is harmless.
   * The AVAILABLE writes do not wait for the disk: the task's SUCCEEDED, which waits, comes after
   * them and takes them along (a crash before it leaves the task RUNNING, and lease recovery
   * applies its publication again or, if that was lost too, runs the task again).
   *
   * @return the published items as they are now, consumers included: those this call made AVAILABLE
   *     as their transition returned them (no second read), and those an earlier apply made
   *     AVAILABLE read again, so that recovery after a crash still finds their consumers
   */
  public List<DataItem> apply(List<Task.Output> records) {
    List<DataItem> published = new ArrayList<>();
    List<String> earlier = new ArrayList<>();
    for (Task.Output r : records) {
      if (r.missing != null) {
        data.transition(r.itemId, DataStatus.PENDING, DataStatus.FAILED, set("reason", r.missing));
        continue;
      }
      List<Bson> changes =
          new ArrayList<>(
              List.of(
                  set("isFile", r.isFile),
                  set("size", r.size),
                  set("sha256", r.sha256),
                  set("mediaType", r.mediaType)));
      if (r.isFile) {
        changes.add(set("storageKey", r.storageKey));
        changes.add(set("media", r.media));
      } else {
        changes.add(set("text", r.text));
      }
      Optional<DataItem> available =
          data.transition(
              r.itemId,
              DataStatus.PENDING,
              DataStatus.AVAILABLE,
              Journal.DEFERRED,
              changes.toArray(Bson[]::new));
      available.ifPresentOrElse(published::add, () -> earlier.add(r.itemId));
    }
    if (!earlier.isEmpty()) {
      published.addAll(data.findAll(earlier));
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
}
