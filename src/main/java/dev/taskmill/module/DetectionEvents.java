package dev.taskmill.module;

import dev.taskmill.events.Events;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** A {@code detection} event when a pass starts and when it finishes, for live dashboards. */
@ApplicationScoped
class DetectionEvents {

  private static final Logger LOG = Logger.getLogger(DetectionEvents.class);

  private final Events events;

  DetectionEvents(Events events) {
    this.events = events;
  }

  /** Publishes the pass's state; a failure here never fails the pass. */
  void publish(DetectionRun run) {
    try {
      events.publish("detection", run.id(), run.summary());
    } catch (RuntimeException e) {
      LOG.debugf("could not publish the detection event: %s", e.getMessage());
    }
  }
}
