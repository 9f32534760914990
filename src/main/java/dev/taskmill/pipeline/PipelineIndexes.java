package dev.taskmill.pipeline;

import com.mongodb.client.model.Indexes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * At start-up: creates the indexes a user's pipeline listing reads (owner, newest first) and the
 * retention sweep (expiresAt).
 */
@ApplicationScoped
public class PipelineIndexes {

  private static final Logger LOG = Logger.getLogger(PipelineIndexes.class);

  void onStart(@Observes StartupEvent event) {
    try {
      Pipeline.mongoCollection()
          .createIndex(
              Indexes.compoundIndex(Indexes.ascending("owner"), Indexes.descending("_id")));
      // the retention sweep's expired pipelines
      Pipeline.mongoCollection().createIndex(Indexes.ascending("expiresAt", "_id"));
    } catch (RuntimeException e) {
      // Indexes speed queries up; without them everything still works, so do not stop start-up.
      LOG.warnf("could not create pipeline indexes: %s", e.getMessage());
    }
  }
}
