package dev.taskmill.task.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataRepository;
import dev.taskmill.store.FileStore;
import dev.taskmill.store.StoreUnwritableException;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the {@code job.json} a module's {@code run} command reads (see docs/module-protocol.md):
 * file inputs as local paths, inline inputs as values, the params, and the output and work folders.
 * A file input's path is the attempt's own read-only copy ({@link InputCopies}), never the stored
 * object: a module that writes to its input cannot change the item other readers get.
 */
@ApplicationScoped
public class JobWriter {

  private final DataRepository data;
  private final FileStore store;
  private final ObjectMapper json;

  JobWriter(DataRepository data, FileStore store, ObjectMapper json) {
    this.data = data;
    this.store = store;
    this.json = json;
  }

  /**
   * Makes the attempt's output and work folders and writes its job file.
   *
   * @throws StoreUnwritableException when the work folder's disk is full or read-only: nothing the
   *     module did
   */
  void prepare(ModuleJob job) throws IOException {
    try {
      Files.createDirectories(job.outputDir());
      Files.createDirectories(job.workDir());
      write(job.task(), job.folder(), job.outputDir(), job.workDir());
    } catch (IOException e) {
      if (!StoreUnwritableException.isDiskFailure(e)) {
        throw e;
      }
      throw new StoreUnwritableException(e);
    }
  }

  /** Writes {@code dir/job.json} for one attempt of {@code task}; returns its path. */
  public Path write(Task task, Path dir, Path outDir, Path workDir) throws IOException {
    ObjectNode job = json.createObjectNode();
    job.put("taskId", task.id);
    ObjectNode inputs = job.putObject("inputs");
    // Without their consumer lists: an input shared by thousands of tasks lists them all.
    for (DataItem item : data.findAllWithoutConsumers(task.inputs.values())) {
      for (var input : task.inputs.entrySet()) {
        if (!input.getValue().equals(item.id)) {
          continue;
        }
        ObjectNode in = inputs.putObject(input.getKey());
        in.put("kind", item.kind.name());
        in.put("mediaType", item.mediaType);
        if (item.isFile) {
          Path copy = InputCopies.folder(dir).resolve(input.getKey());
          Files.createDirectories(copy.getParent());
          InputCopies.copy(store, item, copy);
          in.put("path", copy.toString());
        } else if (item.kind == DataKind.JSON) {
          in.set("value", json.readTree(item.text));
        } else {
          in.put("value", item.text);
        }
      }
    }
    job.set("params", json.readTree(task.params == null ? "{}" : task.params));
    job.put("outputDir", outDir.toString());
    job.put("workDir", workDir.toString());
    Path file = dir.resolve("job.json");
    json.writeValue(file.toFile(), job);
    return file;
  }

  /**
   * After the module ran: fails the attempt if it wrote to one of its input copies (a module bug
   * its author needs to hear about; the stored items were never at risk).
   */
  public void checkInputsUnchanged(Path dir) throws OutputPublisher.PublishFailure, IOException {
    String changed = InputCopies.changed(InputCopies.folder(dir));
    if (changed != null) {
      throw new OutputPublisher.PublishFailure(
          "the module changed its input '"
              + changed
              + "' (inputs are read-only: write to the output or work folder instead)");
    }
  }
}
