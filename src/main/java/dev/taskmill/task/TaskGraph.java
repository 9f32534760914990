package dev.taskmill.task;

import static com.mongodb.client.model.Updates.set;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Moves work along the task graph: promotes WAITING tasks whose inputs are AVAILABLE, fails the
 * dependants of a failed task down the whole chain, and reopens them on retry. Dependants are
 * reached by id through each output item's {@code consumers}, never by scanning all tasks.
 */
@ApplicationScoped
public class TaskGraph {

  private static final Logger LOG = Logger.getLogger(TaskGraph.class);

  /**
   * Tasks whose inputs the WAITING sweep reads at once, and ids per read: the embedded server reads
   * up to 512 ids by id ({@code QueryPlanner.MAX_PREFIXES}).
   */
  private static final int SWEEP_SLICE = 500;

  private final TaskRepository tasks;
  private final DataRepository data;
  private final QueueSignal signal;
  private final OrphanOutputs orphans;
  private final DelayedTasks delayed;
  private final Clock clock;

  TaskGraph(
      TaskRepository tasks,
      DataRepository data,
      QueueSignal signal,
      OrphanOutputs orphans,
      DelayedTasks delayed,
      Clock clock) {
    this.tasks = tasks;
    this.data = data;
    this.signal = signal;
    this.orphans = orphans;
    this.delayed = delayed;
    this.clock = clock;
  }

  /**
   * Checks the WAITING tasks whose delay is over (an indexed read of the due ones), when one may be
   * ({@link DelayedTasks}): an idle instance does not read every 2 s to learn that none is.
   */
  public void promoteDue() {
    if (!delayed.mayBeDue()) {
      return;
    }
    delayed.reading();
    for (Task task : tasks.findDueTimers()) {
      evaluate(task);
    }
    delayed.nextEnd(tasks.nextNotBefore(TaskStatus.WAITING));
  }

  /**
   * Checks every WAITING task: the safety net for a promotion that a crash between two writes left
   * undone. Outputs whose producer task is missing are failed first, so the tasks waiting on them
   * fail here too instead of waiting forever.
   */
  public void promoteWaiting() {
    orphans.failOrphans();
    List<Task> waiting = tasks.findByStatus(TaskStatus.WAITING);
    // The inputs of a slice of tasks in one read: a read per task made the sweep of 5,000 WAITING
    // tasks (100,000 stored) 5,000 queries.
    for (int from = 0; from < waiting.size(); from += SWEEP_SLICE) {
      List<Task> slice = waiting.subList(from, Math.min(waiting.size(), from + SWEEP_SLICE));
      Set<String> ids = new LinkedHashSet<>();
      slice.forEach(task -> ids.addAll(task.inputs.values()));
      Map<String, DataItem> items = itemsById(ids);
      for (Task task : slice) {
        evaluate(task, items);
      }
    }
  }

  /** The items with these ids, read in runs the embedded server answers by id. */
  private Map<String, DataItem> itemsById(Collection<String> ids) {
    Map<String, DataItem> items = new HashMap<>();
    List<String> all = List.copyOf(ids);
    for (int from = 0; from < all.size(); from += SWEEP_SLICE) {
      for (DataItem item :
          data.findAllWithoutConsumers(
              all.subList(from, Math.min(all.size(), from + SWEEP_SLICE)))) {
        items.put(item.id, item);
      }
    }
    return items;
  }

  /**
   * Checks the WAITING consumers of these items, which their producer has just made AVAILABLE (as
   * that write returned them, consumers included). A consumer listed after that write is not
   * missed: its create looks at its inputs once more after its task is stored.
   */
  public void promoteConsumers(Collection<DataItem> published) {
    Set<String> consumers = new LinkedHashSet<>();
    Map<String, DataItem> known = new HashMap<>();
    for (DataItem item : published) {
      consumers.addAll(item.consumers);
      known.put(item.id, item);
    }
    if (consumers.isEmpty()) {
      return;
    }
    for (Task task : tasks.findAll(consumers)) {
      if (task.status == TaskStatus.WAITING) {
        evaluate(task, withOtherInputs(task, known));
      }
    }
  }

  /**
   * {@code known} plus the inputs of {@code task} it lacks, read from the store: a consumer whose
   * inputs were all just published (a chain's next step) is judged without reading them again, one
   * round trip fewer on every hop of a chain.
   */
  private Map<String, DataItem> withOtherInputs(Task task, Map<String, DataItem> known) {
    List<String> missing = new ArrayList<>();
    for (String id : task.inputs.values()) {
      if (!known.containsKey(id)) {
        missing.add(id);
      }
    }
    if (missing.isEmpty()) {
      return known;
    }
    Map<String, DataItem> inputs = new HashMap<>(known);
    for (DataItem item : data.findAllWithoutConsumers(missing)) {
      inputs.put(item.id, item);
    }
    return inputs;
  }

  /** Queues or fails one WAITING task; returns it after the change, if any. */
  public Optional<Task> evaluate(Task task) {
    Map<String, DataItem> inputs = new HashMap<>();
    for (DataItem item : data.findAllWithoutConsumers(task.inputs.values())) {
      inputs.put(item.id, item);
    }
    return evaluate(task, inputs);
  }

  /** {@link #evaluate(Task)} with its input items read already ({@code inputs} by id). */
  private Optional<Task> evaluate(Task task, Map<String, DataItem> inputs) {
    Readiness readiness = Readiness.of(task, inputs, clock.instant());
    switch (readiness.state()) {
      case READY -> {
        Optional<Task> queued = tasks.enqueue(task);
        queued.ifPresent(t -> signal.wake());
        return queued;
      }
      case FAIL -> {
        String upstream = upstreamTask(task, inputs);
        Optional<Task> failed =
            tasks.transition(
                task.id,
                List.of(TaskStatus.WAITING),
                TaskStatus.FAILED,
                set("error", failure(readiness.reason())),
                set("failedBecause", upstream));
        failed.ifPresent(t -> failDownstream(t, "upstream task " + t.id + " failed"));
        return failed;
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static String upstreamTask(Task task, Map<String, DataItem> inputs) {
    for (String id : task.inputs.values()) {
      DataItem item = inputs.get(id);
      if (item != null && item.status == DataStatus.FAILED) {
        return item.producerTaskId;
      }
    }
    return null;
  }

  /** Fails the PENDING outputs of {@code task} with {@code reason}. */
  public void failOutputs(Task task, String reason) {
    for (String output : task.outputs.values()) {
      data.transition(output, DataStatus.PENDING, DataStatus.FAILED, set("reason", reason));
    }
  }

  /**
   * Fails the outputs of a task that ended FAILED or CANCELLED, then every WAITING task that
   * depended on them, down the whole chain.
   */
  public void failDownstream(Task finished, String reason) {
    Deque<Task> queue = new ArrayDeque<>();
    queue.add(finished);
    while (!queue.isEmpty()) {
      Task task = queue.poll();
      failOutputs(
          task, task == finished ? reason : "upstream task " + task.failedBecause + " failed");
      for (DataItem item : data.findAll(task.outputs.values())) {
        for (Task consumer : tasks.findAll(item.consumers)) {
          if (consumer.status != TaskStatus.WAITING) {
            continue;
          }
          tasks
              .transition(
                  consumer.id,
                  List.of(TaskStatus.WAITING),
                  TaskStatus.FAILED,
                  set(
                      "error",
                      failure(
                          "input from task "
                              + task.id
                              + " ("
                              + task.module
                              + ") failed, so this task cannot run")),
                  set("failedBecause", task.id))
              .ifPresent(queue::add);
        }
      }
    }
  }

  static Task.Failure failure(String message) {
    Task.Failure failure = new Task.Failure();
    failure.message = message;
    return failure;
  }
}
