package dev.taskmill.store;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/**
 * The one place that chooses the file store: each implementation is a {@link StoreBackend} bean
 * that looks itself up only for its value of {@code taskmill.store.type}, so exactly one remains.
 */
@ApplicationScoped
class FileStores {

  private static final Logger LOG = Logger.getLogger(FileStores.class);

  @Produces
  @ApplicationScoped
  FileStore fileStore(@StoreBackend Instance<FileStore> backends) {
    return backends.get();
  }

  /** Builds the store at start: a misconfigured one (no bucket) stops the start with its reason. */
  void onStart(@Observes StartupEvent event, FileStore store) {
    LOG.infof("file store: %s", store.describe());
  }
}
