package dev.taskmill.store;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * Removes what interrupted writes left in the store (files in the local store's {@code tmp/},
 * unfinished multipart uploads in S3: an upload cut off by kill -9 can leave hundreds of MB), at
 * start and while the service runs. Only files nobody wrote to for {@link LocalFileStore#TMP_IDLE}
 * go: a write in progress keeps touching its file.
 */
@ApplicationScoped
public class TemporaryFilesSweep {

  private static final Logger LOG = Logger.getLogger(TemporaryFilesSweep.class);

  private final FileStore store;

  TemporaryFilesSweep(FileStore store) {
    this.store = store;
  }

  void onStart(@Observes StartupEvent event) {
    sweep();
  }

  @Scheduled(
      every = "${taskmill.file-store.tmp-sweep-interval:5m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    sweep();
  }

  /** Removes idle temporary files; a failure is logged and the next run tries again. */
  public void sweep() {
    try {
      store.cleanTemporaryFiles(LocalFileStore.TMP_IDLE);
    } catch (IOException | UncheckedIOException e) {
      LOG.warnf("could not sweep the store's temporary files, next time again: %s", e.getMessage());
    }
  }
}
