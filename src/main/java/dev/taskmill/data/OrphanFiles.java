package dev.taskmill.data;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.taskmill.store.FileStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Deletes stored files nothing refers to: what a crash between storing a file and recording it left
 * behind (an upload whose item was never inserted, a module output whose publication was never
 * committed). A file counts as referenced by a data item's {@code storageKey} or by a task's
 * committed {@code publication}, or by another owner ({@link StoredFileOwners}: a module bundle's
 * zip, a remote worker's upload staged for a commit). Only files stored more than {@link #MIN_AGE}
 * ago are considered, so a write in progress on any instance (stored, about to be recorded) is
 * never touched.
 */
@ApplicationScoped
public class OrphanFiles {

  private static final Logger LOG = Logger.getLogger(OrphanFiles.class);

  /** Far longer than storing a file and recording it ever takes. */
  static final Duration MIN_AGE = Duration.ofHours(1);

  private static final int BATCH = 500;

  private final FileStore store;
  private final TaskReferences tasks;
  private final Instance<StoredFileOwners> owners;
  private final Clock clock;

  OrphanFiles(
      FileStore store, TaskReferences tasks, Instance<StoredFileOwners> owners, Clock clock) {
    this.store = store;
    this.tasks = tasks;
    this.owners = owners;
    this.clock = clock;
  }

  @Scheduled(
      every = "${taskmill.file-store.orphan-sweep-interval:1h}",
      delay = 5,
      delayUnit = java.util.concurrent.TimeUnit.MINUTES,
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    try {
      sweep(MIN_AGE);
    } catch (MongoException | IOException e) {
      LOG.warnf("orphan file sweep failed, next time again: %s", e.getMessage());
    }
  }

  /**
   * Deletes unreferenced files stored more than {@code minAge} ago.
   *
   * @return how many were deleted
   */
  public int sweep(Duration minAge) throws IOException {
    List<String> batch = new ArrayList<>();
    int[] deleted = {0};
    store.forEachKey(
        clock.instant().minus(minAge),
        key -> {
          batch.add(key);
          if (batch.size() == BATCH) {
            deleted[0] += deleteUnreferenced(batch);
            batch.clear();
          }
        });
    deleted[0] += deleteUnreferenced(batch);
    if (deleted[0] > 0) {
      LOG.infof("deleted %d stored file(s) that no item or task refers to", deleted[0]);
    }
    return deleted[0];
  }

  private int deleteUnreferenced(List<String> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    Set<String> referenced = new HashSet<>();
    DataRepository.collection()
        .withDocumentClass(Document.class)
        .find(Filters.in("storageKey", keys))
        .projection(Projections.include("storageKey"))
        .forEach(doc -> referenced.add(doc.getString("storageKey")));
    referenced.addAll(tasks.published(keys));
    for (StoredFileOwners owner : owners) {
      referenced.addAll(owner.owned(keys));
    }
    int deleted = 0;
    for (String key : keys) {
      if (!referenced.contains(key)) {
        try {
          if (store.delete(key)) {
            deleted++;
          }
        } catch (IOException e) {
          LOG.warnf("cannot delete orphan file %s: %s", key, e.getMessage());
        }
      }
    }
    return deleted;
  }
}
