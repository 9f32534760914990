package dev.taskmill.task.reuse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.module.Module;
import dev.taskmill.store.FileStore;
import dev.taskmill.store.StoreUnwritableException;
import dev.taskmill.store.StoredFile;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Finds an earlier result a reuse task may take and copies it as the task's own outputs: the latest
 * SUCCEEDED task of the same owner with the same {@link ReuseKey} whose outputs all still exist.
 * Files are copied into new stored objects (checked against the SHA-256 recorded for the original),
 * so each item keeps a file of its own and deleting either never touches the other's. Writes
 * nothing to the database: the runner commits the copies under its lease.
 */
@ApplicationScoped
public class EarlierResults {

  private static final Logger LOG = Logger.getLogger(EarlierResults.class);

  /** Candidates looked at per task: more than one only when the latest lost an output. */
  static final int CANDIDATES = 5;

  private final TaskRepository tasks;
  private final DataRepository data;
  private final FileStore store;
  private final ObjectMapper json;

  EarlierResults(TaskRepository tasks, DataRepository data, FileStore store, ObjectMapper json) {
    this.tasks = tasks;
    this.data = data;
    this.store = store;
    this.json = json;
  }

  /**
   * An earlier result {@code task} may take.
   *
   * @param from the earlier task's id
   * @param publication copies of its outputs as {@code task}'s, to commit like a run's
   */
  public record Copied(String from, List<Task.Output> publication) {}

  /** The key of {@code task}'s result (its inputs read); empty when it must run. */
  public Optional<String> keyOf(Task task, Module module) {
    if (!task.reuse || !module.isReusable()) {
      return Optional.empty();
    }
    Map<String, DataItem> inputs =
        data.findAllWithoutConsumers(task.inputs.values()).stream()
            .collect(Collectors.toMap(item -> item.id, Function.identity()));
    return ReuseKey.of(task, module, inputs, json);
  }

  /**
   * Copies the outputs of the latest earlier task with {@code key} whose outputs all exist and read
   * back intact; empty when there is none (the module runs).
   *
   * @throws StoreUnwritableException when the store cannot take the copies (not the task's fault)
   */
  public Optional<Copied> copy(Task task, Module module, String key) {
    for (Task earlier : tasks.succeededWithReuseKey(key, task.owner, CANDIDATES)) {
      if (earlier.id.equals(task.id)) {
        continue;
      }
      Optional<List<Task.Output>> copies = copyOutputs(task, module, earlier);
      if (copies.isPresent()) {
        return Optional.of(new Copied(earlier.id, copies.get()));
      }
    }
    return Optional.empty();
  }

  /** Copies of {@code earlier}'s outputs for {@code task}; empty when one is gone or damaged. */
  private Optional<List<Task.Output>> copyOutputs(Task task, Module module, Task earlier) {
    Map<String, DataItem> items =
        data.findAllWithoutConsumers(earlier.outputs.values()).stream()
            .collect(Collectors.toMap(item -> item.id, Function.identity()));
    List<Task.Output> copies = new ArrayList<>();
    try {
      for (Module.Port port : module.outputs) {
        String earlierId = earlier.outputs.get(port.name);
        DataItem item = earlierId == null ? null : items.get(earlierId);
        Task.Output copy = copyOf(port, item, task.outputs.get(port.name));
        if (copy == null) {
          LOG.debugf(
              "task %s: task %s's output '%s' is gone; not reused", task.id, earlier.id, port.name);
          discard(copies);
          return Optional.empty();
        }
        copies.add(copy);
      }
      return Optional.of(copies);
    } catch (StoreUnwritableException e) {
      discard(copies);
      throw e;
    } catch (IOException e) {
      LOG.infof(
          "task %s: task %s's outputs cannot be copied (%s); not reused",
          task.id, earlier.id, e.getMessage());
      discard(copies);
      return Optional.empty();
    }
  }

  /**
   * The output {@code itemId} as a copy of {@code item}: an AVAILABLE item's content, or an
   * optional output the earlier run did not produce (FAILED); null when there is nothing to copy.
   */
  private Task.Output copyOf(Module.Port port, DataItem item, String itemId) throws IOException {
    if (item == null || itemId == null) {
      return null;
    }
    Task.Output copy = new Task.Output();
    copy.port = port.name;
    copy.itemId = itemId;
    if (item.status == DataStatus.FAILED && port.optional) {
      copy.missing = "the module did not produce this optional output";
      return copy;
    }
    if (item.status != DataStatus.AVAILABLE) {
      return null;
    }
    copy.isFile = item.isFile;
    copy.size = item.size;
    copy.sha256 = item.sha256;
    copy.mediaType = item.mediaType;
    if (!item.isFile) {
      copy.text = item.text;
      return copy;
    }
    StoredFile stored;
    try (InputStream in = store.open(item.storageKey, 0)) {
      stored = store.write(in);
    }
    copy.storageKey = stored.key();
    copy.media = item.media;
    if (!stored.sha256().equals(item.sha256)) {
      // Damaged since it was stored: a reader of the original gets an error, so must no copy.
      discard(List.of(copy));
      throw new IOException(
          "the stored bytes of item " + item.id + " no longer match their sha256");
    }
    return copy;
  }

  /** Deletes the stored copies of a result that is not taken after all. */
  public void discard(List<Task.Output> copies) {
    for (Task.Output copy : copies) {
      if (copy.isFile && copy.storageKey != null) {
        try {
          store.delete(copy.storageKey);
        } catch (IOException e) {
          LOG.warnf("could not delete the unused copy %s: %s", copy.storageKey, e.getMessage());
        }
      }
    }
  }
}
