package dev.taskmill.module;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Clock;
import java.util.UUID;

/**
 * The module work of an instance that runs no module (role {@code api}): it sets nothing up, so a
 * Detect, enable or reinstall here writes a request the workers pick up, and the latest pass it
 * reports is the one a worker recorded (or this one requested).
 */
@ApplicationScoped
@Typed(RequestedDetection.class)
class RequestedDetection implements ModuleWork {

  private final DetectionRequests requests;
  private final DetectionEvents events;
  private final Clock clock;

  RequestedDetection(DetectionRequests requests, DetectionEvents events, Clock clock) {
    this.requests = requests;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void start() {}

  @Override
  public void stop() {}

  @Override
  public DetectionRun detect() {
    DetectionRun run = new DetectionRun(UUID.randomUUID().toString(), clock.instant());
    requests.request(run);
    requests.record(run);
    events.publish(run);
    return run;
  }

  /** The workers run the pass {@link #detect} asks for. */
  @Override
  public DetectionRun detectEverywhere() {
    return detect();
  }

  @Override
  public DetectionRun lastDetection() {
    return requests.latest().orElse(null);
  }

  /** The workers set it up in the pass this asks for. */
  @Override
  public void setUpSoon(String name) {
    detect();
  }

  @Override
  public boolean isSettingUp(String name) {
    return false;
  }

  /** Requested passes are the workers' to run. */
  @Override
  public void runRequestedPasses() {}

  /** The environment cache is the workers'. */
  @Override
  public void sweepEnvironments() {}
}
