package dev.taskmill.task;

import dev.taskmill.task.model.Task;
import dev.taskmill.task.store.TaskStoreIndexes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * At start-up: creates the indexes the task queries use and drops the task side collections of
 * earlier versions (docs/decisions.md, "One tasks collection").
 */
@ApplicationScoped
public class TaskIndexes {

  private static final Logger LOG = Logger.getLogger(TaskIndexes.class);

  void onStart(@Observes StartupEvent event) {
    try {
      TaskStoreIndexes.create(TaskRepository.collection());
      TaskStoreIndexes.dropLegacy(Task.mongoDatabase(), TaskRepository.collection());
    } catch (RuntimeException e) {
      // Indexes speed queries up; without them everything still works, so do not stop start-up.
      LOG.warnf("could not create task indexes: %s", e.getMessage());
    }
  }
}
