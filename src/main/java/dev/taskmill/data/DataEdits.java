package dev.taskmill.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.auth.Caller;
import dev.taskmill.failure.Conflict;
import dev.taskmill.failure.NotFound;
import dev.taskmill.store.FileStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import org.jboss.logging.Logger;

/** Changes a caller's data items: relabels them (PATCH) and deletes them with their files. */
@ApplicationScoped
public class DataEdits {

  private static final Logger LOG = Logger.getLogger(DataEdits.class);

  private final DataItems items;
  private final DataCatalog catalog;
  private final DataUsage usage;
  private final FileStore store;
  private final DataFields fields;

  DataEdits(
      DataItems items, DataCatalog catalog, DataUsage usage, FileStore store, ObjectMapper json) {
    this.items = items;
    this.catalog = catalog;
    this.usage = usage;
    this.store = store;
    this.fields = new DataFields(json);
  }

  /** Applies a PATCH body: label, tags and metadata; other fields are refused. */
  public DataItem update(String id, JsonNode body, Caller caller) {
    items.get(id, caller);
    DataFields.Patch patch = fields.patch(body);
    return catalog
        .describe(id, patch.label(), patch.tags(), patch.metadata())
        .orElseThrow(() -> NotFound.of("data item", id));
  }

  /** Deletes an item and its stored file; 409 while an unfinished task produces or reads it. */
  public void delete(String id, Caller caller) {
    DataItem item = items.get(id, caller);
    Removal removal = removeUnused(item);
    if (!removal.active().isEmpty()) {
      throw new Conflict(
          "Data item '"
              + id
              + "' is used by unfinished tasks: "
              + String.join(", ", removal.active())
              + ". Cancel them or wait until they finish.");
    }
    if (!removal.removed()) {
      throw new Conflict("Data item '" + id + "' changed while it was being deleted; try again.");
    }
  }

  /**
   * What {@link #removeUnused} did: removed the item, or found the unfinished tasks in {@code
   * active} that still need it, or (neither) found it changed or gone meanwhile.
   */
  public record Removal(boolean removed, List<String> active) {}

  /**
   * Deletes {@code item} (as read) and its stored file, unless an unfinished task produces or reads
   * it; a task that started to use it meanwhile keeps it. What a client's delete and the retention
   * sweep both do.
   */
  public Removal removeUnused(DataItem item) {
    List<String> active = usage.activeTasks(item);
    if (!active.isEmpty()) {
      return new Removal(false, active);
    }
    if (!catalog.remove(item)) {
      return new Removal(false, List.of());
    }
    if (item.isFile && item.storageKey != null) {
      try {
        store.delete(item.storageKey);
      } catch (IOException e) {
        // The item is gone; an orphaned file wastes space but misleads nobody (OrphanFiles).
        LOG.warnf("data item %s deleted, its file %s not: %s", item.id, item.storageKey, e);
      }
    }
    return new Removal(true, List.of());
  }
}
