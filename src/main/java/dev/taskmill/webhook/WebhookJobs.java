package dev.taskmill.webhook;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** The webhooks' periodic jobs: finding events, and sending what is due. */
@ApplicationScoped
public class WebhookJobs {

  private final EventSweep sweep;
  private final DeliveryDispatcher dispatcher;
  private volatile boolean stopping;

  WebhookJobs(EventSweep sweep, DeliveryDispatcher dispatcher) {
    this.sweep = sweep;
    this.dispatcher = dispatcher;
  }

  void onStop(@Observes @Priority(1) ShutdownEvent event) {
    stopping = true;
  }

  @Scheduled(
      every = "${taskmill.webhooks.sweep-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void findEvents() {
    if (!stopping && sweep.sweep() > 0) {
      dispatcher.dispatch();
    }
  }

  @Scheduled(
      every = "${taskmill.webhooks.dispatch-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sendDue() {
    // Without an active webhook (as the last sweep found) there is nothing due: an idle service
    // makes no claim command a second.
    if (!stopping && sweep.anyActive()) {
      dispatcher.dispatch();
    }
  }
}
