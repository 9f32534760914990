package dev.taskmill.task.eta;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.store.ClaimOrder;
import dev.taskmill.task.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When the unfinished tasks of a page (a listing, a dashboard, a pipeline) are expected to start
 * and finish. Reads per call, whatever the page: the WAITING tasks' producers, a level at a time.
 * The queue ({@link QueueSnapshot}), run times and slots come from short-lived caches.
 * docs/decisions.md ("ETA for planned tasks") says how the model simplifies.
 */
@ApplicationScoped
public class TaskEstimates {

  private static final Set<TaskStatus> OPEN =
      Set.of(TaskStatus.WAITING, TaskStatus.QUEUED, TaskStatus.RUNNING);

  private final TaskStore tasks;
  private final QueueSnapshot snapshots;
  private final DataRepository data;
  private final RecentRunTimes runTimes;
  private final TaskSlots slots;
  private final Clock clock;

  TaskEstimates(
      TaskRepository tasks,
      QueueSnapshot snapshots,
      DataRepository data,
      RecentRunTimes runTimes,
      TaskSlots slots,
      Clock clock) {
    this.tasks = tasks;
    this.snapshots = snapshots;
    this.data = data;
    this.runTimes = runTimes;
    this.slots = slots;
    this.clock = clock;
  }

  /** The estimates of the unfinished ones of {@code page}, by task id; absent: none known. */
  public Map<String, Estimate> of(Collection<Task> page) {
    List<Task> open = page.stream().filter(t -> OPEN.contains(t.status)).toList();
    if (open.isEmpty()) {
      return Map.of();
    }
    RunTimes times = runTimes.now();
    Optional<Duration> typical = times.typical();
    int slotCount = slots.now();
    if (typical.isEmpty()
        || slotCount == 0
        || open.stream().noneMatch(t -> times.of(t.module).isPresent())) {
      // Nothing to tell: spare the reads.
      return Map.of();
    }
    Instant now = clock.instant();
    QueueSnapshot.Read snapshot = snapshots.now();
    QueueForecast forecast =
        new QueueForecast(
            now, slotCount, times, typical.get(), snapshot.running(), snapshot.queue());
    Walk walk =
        new Walk(now, times, forecast, snapshot.queue(), new Predecessors(open, tasks, data));
    Map<String, Estimate> estimates = new HashMap<>();
    for (Task task : open) {
      Estimate estimate = walk.estimate(task);
      if (!estimate.equals(Estimate.UNKNOWN)) {
        estimates.put(task.id, estimate);
      }
    }
    return estimates;
  }

  /** One page's estimates, each task's computed once (a chain shares its producers'). */
  private final class Walk {
    private final Instant now;
    private final RunTimes times;
    private final QueueForecast forecast;
    private final List<Task> queue;
    private final Predecessors predecessors;
    private final Map<String, Estimate> done = new HashMap<>();
    private final Set<String> visiting = new HashSet<>();

    Walk(
        Instant now,
        RunTimes times,
        QueueForecast forecast,
        List<Task> queue,
        Predecessors predecessors) {
      this.now = now;
      this.times = times;
      this.forecast = forecast;
      this.queue = queue;
      this.predecessors = predecessors;
    }

    Estimate estimate(Task task) {
      Estimate known = done.get(task.id);
      if (known != null) {
        return known;
      }
      if (!visiting.add(task.id)) {
        return Estimate.UNKNOWN; // a cycle: the graph forbids it, an estimate never loops on it
      }
      Estimate estimate = compute(task);
      visiting.remove(task.id);
      done.put(task.id, estimate);
      return estimate;
    }

    private Estimate compute(Task task) {
      Optional<Duration> own = times.of(task.module);
      if (own.isEmpty()) {
        return Estimate.UNKNOWN;
      }
      return switch (task.status) {
        case RUNNING ->
            forecast
                .of(task.id)
                .orElseGet(() -> new Estimate(null, latest(now, startOf(task).plus(own.get()))));
        // Not in the head: further back in the queue than the forecast looks.
        case QUEUED -> forecast.of(task.id).orElse(Estimate.UNKNOWN);
        case WAITING -> waiting(task, own.get());
        default -> Estimate.UNKNOWN;
      };
    }

    /**
     * A WAITING task is queued when its last input is produced (and its delay is over), behind the
     * queued tasks claimed before it then.
     */
    private Estimate waiting(Task task, Duration own) {
      Instant ready = latest(now, task.notBefore);
      for (String itemId : task.inputs.values()) {
        Optional<Instant> produced = produced(itemId);
        if (produced.isEmpty()) {
          return Estimate.UNKNOWN;
        }
        ready = latest(ready, produced.get());
      }
      Task queued = new Task();
      queued.id = task.id;
      queued.owner = task.owner;
      queued.priority = task.priority;
      queued.queuedAt = ready;
      // Its fair key is given when it is queued, after every key given so far: behind what is
      // queued now at its priority (another user's turns may still pass it; not modelled).
      queued.fairKey = Long.MAX_VALUE;
      Comparator<Task> order = ClaimOrder.comparator();
      int ahead = (int) queue.stream().filter(t -> order.compare(t, queued) < 0).count();
      if (ahead == QueueSnapshot.HEAD) {
        return Estimate.UNKNOWN; // the queue ahead of it is longer than the forecast looks
      }
      return started(forecast.startAfter(ahead, ready), own);
    }

    /** When item {@code itemId} is expected to be AVAILABLE; empty when no one can tell. */
    private Optional<Instant> produced(String itemId) {
      Optional<DataItem> item = predecessors.item(itemId);
      if (item.isEmpty() || item.get().status == DataStatus.FAILED) {
        return Optional.empty();
      }
      if (item.get().status == DataStatus.AVAILABLE) {
        return Optional.of(now);
      }
      // PENDING: an upload still arriving has no estimate; a task's output comes with its end.
      Optional<Task> producer =
          Optional.ofNullable(item.get().producerTaskId).flatMap(predecessors::task);
      if (producer.isEmpty()) {
        return Optional.empty();
      }
      if (producer.get().status == TaskStatus.SUCCEEDED) {
        return Optional.of(now); // its publication is under way
      }
      return Optional.ofNullable(estimate(producer.get()).finish());
    }

    private Estimate started(Instant start, Duration own) {
      return new Estimate(start, start.plus(own));
    }

    private Instant startOf(Task task) {
      return task.startedAt == null ? now : task.startedAt;
    }
  }

  private static Instant latest(Instant a, Instant b) {
    return b == null || a.isAfter(b) ? a : b;
  }
}
