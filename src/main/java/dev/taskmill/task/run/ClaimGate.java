package dev.taskmill.task.run;

import dev.taskmill.store.FileStore;
import dev.taskmill.store.StoreUnwritableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Whether this instance may claim a task now. Not while the file store cannot be written (full,
 * read-only, no permission): every attempt would run its module only to lose its outputs, and an
 * instance that kept claiming would churn through the queue in seconds. The same probe as the
 * readiness check (create and remove a file in the store) before every claim: a few system calls,
 * and a remembered answer could let a claim through just after the store filled up.
 *
 * <p>The database needs no probe here: while it cannot be written, the claim itself (a conditional
 * update) fails and takes nothing.
 */
@ApplicationScoped
public class ClaimGate {

  private static final Logger LOG = Logger.getLogger(ClaimGate.class);

  private final FileStore store;
  private final AtomicLong refused = new AtomicLong();
  private String closedBecause;

  ClaimGate(FileStore store) {
    this.store = store;
  }

  /** Why no task may be claimed now, or null when claiming is fine. */
  public synchronized String whyClosed() {
    String before = closedBecause;
    closedBecause = probe();
    if (closedBecause != null && before == null) {
      LOG.warnf("claiming no tasks: %s", closedBecause);
    } else if (closedBecause == null && before != null) {
      LOG.infof("the file store can be written again: claiming tasks");
    }
    if (closedBecause != null) {
      refused.incrementAndGet();
    }
    return closedBecause;
  }

  /** How many times a claim was refused (for tests and logs). */
  public long refusals() {
    return refused.get();
  }

  private String probe() {
    try {
      store.checkWritable();
      return null;
    } catch (IOException | RuntimeException e) {
      return "the file store cannot be written ("
          + (e instanceof IOException io
              ? StoreUnwritableException.describe(io)
              : String.valueOf(e.getMessage()))
          + ")";
    }
  }
}
