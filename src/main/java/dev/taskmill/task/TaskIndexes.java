package dev.taskmill.task;

import com.mongodb.client.model.Indexes;
import dev.taskmill.task.store.TaskStoreIndexes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * At start-up: creates the indexes the task and pipeline queries use and drops the task side
 * collections of earlier versions (docs/decisions.md, "One tasks collection").
 */
@ApplicationScoped
public class TaskIndexes {

  private static final Logger LOG = Logger.getLogger(TaskIndexes.class);

  void onStart(@Observes StartupEvent event) {
    try {
      TaskStoreIndexes.create(TaskRepository.collection());
      TaskStoreIndexes.dropLegacy(Task.mongoDatabase(), TaskRepository.collection());
      dev.taskmill.pipeline.Pipeline.mongoCollection()
          .createIndex(
              Indexes.compoundIndex(Indexes.ascending("owner"), Indexes.descending("_id")));
    } catch (RuntimeException e) {
      // Indexes speed queries up; without them everything still works, so do not stop start-up.
      LOG.warnf("could not create task indexes: %s", e.getMessage());
    }
  }
}
