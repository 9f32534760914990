package dev.taskmill.remote;

import dev.taskmill.instance.RemoteInstances;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A remote worker's heartbeat: records it is alive, renews the leases it names that it still holds,
 * and tells it which to stop (a client cancelled the task, or the lease was lost while the worker
 * could not reach the central).
 */
@ApplicationScoped
public class RemoteHeartbeats {

  /** A lease the worker names: the task and the token of its claim. */
  public record Lease(String taskId, String token) {}

  /** A task the worker must stop, and why. */
  public record Stop(String taskId, String reason) {}

  private final RemoteInstances instances;
  private final LeasedTasks leased;
  private final TaskRepository tasks;
  private final RemoteWorkers workers;
  private final Clock clock;

  RemoteHeartbeats(
      RemoteInstances instances,
      LeasedTasks leased,
      TaskRepository tasks,
      RemoteWorkers workers,
      Clock clock) {
    this.instances = instances;
    this.leased = leased;
    this.tasks = tasks;
    this.workers = workers;
    this.clock = clock;
  }

  /**
   * Records the heartbeat of {@code worker} and renews {@code leases}.
   *
   * @return the tasks it must stop; every other lease it named was renewed
   */
  public List<Stop> beat(
      RemoteInstances.Worker worker, List<Lease> leases, int freeSlots, int gpuFreeMb) {
    instances.heartbeat(worker, freeSlots, gpuFreeMb);
    List<Stop> stops = new ArrayList<>();
    for (Lease lease : leases) {
      LeasedTasks.Held held;
      try {
        // Only the worker that claimed under a token renews it, whoever else learnt the token.
        held = leased.claimed(worker.keyId(), lease.taskId(), lease.token());
        if (!held.worker().id().equals(worker.id())) {
          throw new dev.taskmill.failure.NotFound("another worker's lease");
        }
      } catch (dev.taskmill.failure.NotFound e) {
        stops.add(new Stop(lease.taskId(), "this worker holds no such lease"));
        continue;
      }
      boolean renewed =
          tasks.renewLease(
              lease.taskId(), lease.token(), clock.instant().plus(workers.leaseDuration()));
      if (!renewed) {
        Task now = tasks.find(lease.taskId()).orElse(held.task());
        stops.add(new Stop(lease.taskId(), LeasedTasks.lostBecause(now)));
      }
    }
    return stops;
  }
}
