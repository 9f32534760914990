package dev.taskmill.remote;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.instance.RemoteInstances;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A claim's long poll without a thread waiting in it: each try is a short job on the worker pool
 * (the claim is a blocking database write), and between tries a Mutiny timer, not a sleeping
 * thread, waits {@code taskmill.tasks.poll-interval}. A hundred idle workers polling cost a hundred
 * timers, not a hundred threads.
 */
@ApplicationScoped
public class ClaimWait {

  private final RemoteClaims claims;
  private final Duration poll;

  ClaimWait(RemoteClaims claims, TaskmillConfig config) {
    this.claims = claims;
    this.poll = config.tasks().pollInterval();
  }

  /**
   * The first task {@code worker} can claim within {@code wait}, or empty when none came. Stops
   * trying as soon as {@code listening} says the worker went away, so no task is leased to a
   * connection nobody reads.
   */
  public Uni<Optional<ClaimedTask>> claimWithin(
      RemoteInstances.Worker worker, Duration wait, BooleanSupplier listening) {
    long deadline = System.nanoTime() + wait.toNanos();
    return attempt(worker, deadline, listening);
  }

  private Uni<Optional<ClaimedTask>> attempt(
      RemoteInstances.Worker worker, long deadline, BooleanSupplier listening) {
    return Uni.createFrom()
        .item(() -> listening.getAsBoolean() ? claims.claim(worker) : Optional.<ClaimedTask>empty())
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .chain(
            found -> {
              long left = deadline - System.nanoTime();
              if (found.isPresent() || left <= 0 || !listening.getAsBoolean()) {
                return Uni.createFrom().item(found);
              }
              Duration step = Duration.ofNanos(Math.min(poll.toNanos(), left));
              return Uni.createFrom()
                  .voidItem()
                  .onItem()
                  .delayIt()
                  .by(step)
                  .chain(() -> attempt(worker, deadline, listening));
            });
  }
}
