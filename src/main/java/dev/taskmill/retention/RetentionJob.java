package dev.taskmill.retention;

import com.mongodb.MongoException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Runs the retention sweep every {@code taskmill.retention.sweep-interval} on every instance. */
@ApplicationScoped
class RetentionJob {

  private static final Logger LOG = Logger.getLogger(RetentionJob.class);

  private final RetentionSweep sweep;

  RetentionJob(RetentionSweep sweep) {
    this.sweep = sweep;
  }

  @Scheduled(
      every = "${taskmill.retention.sweep-interval:10m}",
      delay = 1,
      delayUnit = java.util.concurrent.TimeUnit.MINUTES,
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    try {
      sweep.sweep();
    } catch (MongoException e) {
      LOG.warnf("the retention sweep failed, next time again: %s", e.getMessage());
    }
  }
}
