package dev.taskmill.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * The one place that chooses the file store: each implementation is a {@link StoreBackend} bean
 * that looks itself up only for its value of {@code taskmill.store.type}, so exactly one remains.
 */
@ApplicationScoped
class FileStores {

  @Produces
  @ApplicationScoped
  FileStore fileStore(@StoreBackend Instance<FileStore> backends) {
    return backends.get();
  }
}
