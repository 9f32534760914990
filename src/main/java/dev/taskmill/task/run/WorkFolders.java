package dev.taskmill.task.run;

import dev.taskmill.store.Folders;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Deletes the work folders of finished attempts. A folder that cannot be deleted now (a file made
 * undeletable, a read-only or failing disk) is logged and remembered, and the periodic job tries it
 * again: cleanup never throws, so it can never end the worker thread that ran the attempt.
 */
@ApplicationScoped
public class WorkFolders {

  private static final Logger LOG = Logger.getLogger(WorkFolders.class);

  private final Set<Path> pending = ConcurrentHashMap.newKeySet();

  @Scheduled(
      every = "${taskmill.tasks.work-folder-retry-interval:1m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    retryPending();
  }

  /** Deletes {@code dir}, or remembers it for a later try when that fails. */
  public void delete(Path dir) {
    try {
      Folders.deleteTree(dir);
      pending.remove(dir);
    } catch (RuntimeException e) {
      if (pending.add(dir)) {
        LOG.warnf("cannot delete the work folder %s now; trying again later: %s", dir, why(e));
      }
    }
  }

  /** Tries again every folder that could not be deleted. */
  public void retryPending() {
    for (Path dir : List.copyOf(pending)) {
      try {
        Folders.deleteTree(dir);
        pending.remove(dir);
        LOG.infof("deleted the work folder %s on a later try", dir);
      } catch (RuntimeException e) {
        LOG.debugf("the work folder %s still cannot be deleted: %s", dir, why(e));
      }
    }
  }

  /** The folders waiting for another try. */
  public Set<Path> pending() {
    return Set.copyOf(pending);
  }

  private static String why(RuntimeException e) {
    return e.getCause() == null ? e.getMessage() : e.getMessage() + " (" + e.getCause() + ")";
  }
}
