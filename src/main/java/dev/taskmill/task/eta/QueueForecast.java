package dev.taskmill.task.eta;

import dev.taskmill.task.model.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The queue played forward, as pure code: {@code slots} run tasks at once; the RUNNING tasks hold
 * theirs until their start plus their module's typical run time (at the earliest now); then each
 * QUEUED task, in claim order, takes the slot that frees first, not before its {@code notBefore},
 * and holds it for its module's typical run time (the typical time of any task when its module has
 * none). Which instance may run which module is not modelled: every slot takes every task.
 */
final class QueueForecast {

  private final Instant now;

  private final Map<String, Estimate> estimates = new HashMap<>();

  /** freeAfter.get(i): when a slot is first free once the first i queued tasks have started. */
  private final List<Instant> freeAfter = new ArrayList<>();

  /**
   * @param running RUNNING tasks (any order)
   * @param queue the head of the queue in claim order
   * @param typical what a task whose module has no history counts as
   */
  QueueForecast(
      Instant now,
      int slots,
      RunTimes times,
      Duration typical,
      List<Task> running,
      List<Task> queue) {
    this.now = now;
    // More running than slots: the count of slots is stale (an instance just started).
    int all = Math.max(Math.max(1, slots), running.size());
    PriorityQueue<Instant> free = new PriorityQueue<>();
    for (int i = 0; i < all - running.size(); i++) {
      free.add(now);
    }
    List<Task> started = new ArrayList<>(running);
    started.sort(
        Comparator.comparing(t -> t.startedAt, Comparator.nullsLast(Comparator.naturalOrder())));
    for (Task task : started) {
      Optional<Duration> own = times.of(task.module);
      Instant from = task.startedAt == null ? now : task.startedAt;
      // Past its typical time: it is about to end, as far as anyone can tell.
      Instant finish = latest(now, from.plus(own.orElse(typical)));
      free.add(finish);
      estimates.put(task.id, new Estimate(null, own.isPresent() ? finish : null));
    }
    for (Task task : queue) {
      Instant slot = free.poll();
      freeAfter.add(slot);
      Instant start = latest(latest(slot, now), task.notBefore);
      Optional<Duration> own = times.of(task.module);
      Instant finish = start.plus(own.orElse(typical));
      free.add(finish);
      estimates.put(task.id, own.isPresent() ? new Estimate(start, finish) : Estimate.UNKNOWN);
    }
    freeAfter.add(free.peek());
  }

  /** The estimate of a RUNNING task or of a task in the queue's head, if it was one of them. */
  Optional<Estimate> of(String taskId) {
    return Optional.ofNullable(estimates.get(taskId));
  }

  /**
   * When a task with {@code ahead} queued tasks claimed before it starts (at most as many as the
   * queue this forecast played), not before {@code readyAt} (null: now).
   */
  Instant startAfter(int ahead, Instant readyAt) {
    return latest(latest(freeAfter.get(ahead), now), readyAt);
  }

  private static Instant latest(Instant a, Instant b) {
    return b == null || a.isAfter(b) ? a : b;
  }
}
