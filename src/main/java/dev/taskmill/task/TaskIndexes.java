package dev.taskmill.task;

import com.mongodb.client.MongoDatabase;
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

  private final MongoDatabase database;

  TaskIndexes(MongoDatabase database) {
    this.database = database;
  }

  void onStart(@Observes StartupEvent event) {
    try {
      TaskStoreIndexes.create(TaskRepository.collection());
      TaskStoreIndexes.dropLegacy(database, TaskRepository.collection());
    } catch (RuntimeException e) {
      // Indexes speed queries up; without them everything still works, so do not stop start-up.
      LOG.warnf("could not create task indexes: %s", e.getMessage());
    }
  }
}
