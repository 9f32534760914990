package dev.taskmill.task;

import com.mongodb.client.model.Indexes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Creates the indexes the task queries use on a real MongoDB. The embedded server keeps only {@code
 * _id} and unique indexes and logs that it ignores these; its hot paths avoid scans through the
 * small queue, lease and timer collections instead.
 */
@ApplicationScoped
public class TaskIndexes {

  private static final Logger LOG = Logger.getLogger(TaskIndexes.class);

  void onStart(@Observes StartupEvent event) {
    try {
      var tasks = TaskRepository.collection();
      tasks.createIndex(Indexes.ascending("status", "createdAt"));
      tasks.createIndex(Indexes.ascending("module"));
      tasks.createIndex(Indexes.ascending("failedBecause"));
      tasks.createIndex(Indexes.descending("finishedAt"));
      tasks.createIndex(Indexes.ascending("pipelineId"));
      TaskQueue.collection()
          .createIndex(
              Indexes.compoundIndex(Indexes.descending("priority"), Indexes.ascending("queuedAt")));
      TaskLeases.collection().createIndex(Indexes.ascending("expiresAt"));
      TaskTimers.collection().createIndex(Indexes.ascending("due"));
      TaskRecent.collection().createIndex(Indexes.descending("finishedAt"));
      dev.taskmill.pipeline.Pipeline.mongoCollection()
          .createIndex(
              Indexes.compoundIndex(Indexes.ascending("owner"), Indexes.descending("_id")));
    } catch (RuntimeException e) {
      // Indexes speed queries up; without them everything still works, so do not stop start-up.
      LOG.warnf("could not create task indexes: %s", e.getMessage());
    }
  }
}
