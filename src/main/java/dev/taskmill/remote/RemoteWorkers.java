package dev.taskmill.remote;

import dev.taskmill.auth.Caller;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.instance.RemoteInstances;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * Registers remote workers and finds the one a request names. The timings a worker is told come
 * from the central's own: its leases last {@code taskmill.tasks.lease-duration}, it heartbeats
 * three times per lease, so two lost heartbeats in a row do not cost a task.
 */
@ApplicationScoped
public class RemoteWorkers {

  /** The longest a claim waits for a task: below the usual 60 s proxy idle timeouts. */
  public static final int MAX_WAIT_SECONDS = 30;

  private final RemoteInstances instances;
  private final TaskmillConfig config;

  RemoteWorkers(RemoteInstances instances, TaskmillConfig config) {
    this.instances = instances;
    this.config = config;
  }

  /** What a worker needs to know after it registered. */
  public record Registered(
      String workerId,
      int leaseSeconds,
      int heartbeatSeconds,
      int pollSeconds,
      int maxWaitSeconds) {}

  /** Registers {@code registration} for the worker key of {@code caller}. */
  public Registered register(Registration registration, Caller caller) {
    registration.check();
    String id =
        registration.workerId() != null
            ? registration.workerId()
            : "remote-" + registration.host() + "-" + UUID.randomUUID().toString().substring(0, 8);
    int capacity = registration.capacity();
    RemoteInstances.Worker worker =
        instances.register(
            new RemoteInstances.Worker(
                id,
                caller.keyId(),
                registration.host(),
                registration.version(),
                registration.normalisedLabels(),
                capacity,
                capacity,
                registration.gpuFreeMb() == null ? 0 : registration.gpuFreeMb(),
                registration.modules() == null ? java.util.List.of() : registration.modules(),
                null,
                null));
    Duration lease = leaseDuration();
    return new Registered(
        worker.id(),
        seconds(lease),
        Math.max(1, seconds(lease) / 3),
        Math.max(1, seconds(config.tasks().pollInterval())),
        MAX_WAIT_SECONDS);
  }

  /** The worker {@code id} of {@code caller}'s key; 404 when it is not registered for that key. */
  public RemoteInstances.Worker worker(String id, Caller caller) {
    return instances.get(id, caller.keyId());
  }

  /** A lease's length in whole seconds, as workers are told it. */
  public int leaseSeconds() {
    return seconds(leaseDuration());
  }

  /** How long a remote worker's lease lasts from its claim or last heartbeat. */
  Duration leaseDuration() {
    return config.tasks().leaseDuration();
  }

  private static int seconds(Duration duration) {
    return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
  }
}
