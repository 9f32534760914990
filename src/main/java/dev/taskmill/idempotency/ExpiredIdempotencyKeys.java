package dev.taskmill.idempotency;

import com.mongodb.MongoException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Deletes idempotency keys past their time, so the collection holds about one TTL of keys. */
@ApplicationScoped
class ExpiredIdempotencyKeys {

  private static final Logger LOG = Logger.getLogger(ExpiredIdempotencyKeys.class);

  private final IdempotencyKeys keys;

  ExpiredIdempotencyKeys(IdempotencyKeys keys) {
    this.keys = keys;
  }

  @Scheduled(
      every = "${taskmill.idempotency.cleanup-interval:10m}",
      delay = 1,
      delayUnit = java.util.concurrent.TimeUnit.MINUTES,
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    try {
      keys.deleteExpired();
    } catch (MongoException e) {
      LOG.warnf("deleting expired idempotency keys failed, next time again: %s", e.getMessage());
    }
  }
}
