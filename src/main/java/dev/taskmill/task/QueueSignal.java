package dev.taskmill.task;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Wakes the dispatcher when a task became QUEUED here, so it need not wait for its next poll. */
@ApplicationScoped
public class QueueSignal {

  private final Semaphore signal = new Semaphore(0);

  /** Something was queued. */
  public void wake() {
    // One pending permit is enough: the dispatcher drains the queue when it wakes.
    if (signal.availablePermits() == 0) {
      signal.release();
    }
  }

  /** Waits until woken or {@code timeout} passed. */
  public void await(Duration timeout) throws InterruptedException {
    if (signal.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      signal.drainPermits();
    }
  }
}
