package dev.taskmill.task;

import dev.taskmill.auth.Caller;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.failure.FieldError;
import dev.taskmill.failure.Invalid;
import dev.taskmill.failure.MalformedRequest;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleRepository;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Creates up to {@link #MAX_TASKS} tasks in one request: every task is checked before anything is
 * written, then the output items, the tasks and the inputs' consumer lists are written in bulk.
 * When a write fails, what this batch inserted is deleted again (the embedded server has no
 * transactions); docs/decisions.md says what that guarantees.
 */
@ApplicationScoped
public class TaskBatch {

  public static final int MAX_TASKS = 1000;
  private static final Logger LOG = Logger.getLogger(TaskBatch.class);

  private final TaskService service;
  private final TaskValidator validator;
  private final DataRepository data;
  private final ModuleRepository modules;
  private final TaskGraph graph;
  private final QueueSignal signal;
  private final TaskWrites writes;

  TaskBatch(
      TaskService service,
      TaskValidator validator,
      DataRepository data,
      ModuleRepository modules,
      TaskGraph graph,
      QueueSignal signal,
      TaskWrites writes) {
    this.writes = writes;
    this.service = service;
    this.validator = validator;
    this.data = data;
    this.modules = modules;
    this.graph = graph;
    this.signal = signal;
  }

  /** Validates the whole batch, then creates every task; returns them in the request's order. */
  public List<Task> create(CreateTaskBatch request, Caller caller) {
    if (request == null) {
      throw new MalformedRequest("The request body is missing; send {\"tasks\": [...]}.");
    }
    List<TaskValidator.Checked> checked = check(request.tasks(), caller);
    List<TaskService.Planned> planned = new ArrayList<>();
    for (TaskValidator.Checked one : checked) {
      planned.add(service.plan(one, one.inputs(), null));
    }
    store(planned);
    return started(planned);
  }

  private List<TaskValidator.Checked> check(List<CreateTask> requests, Caller caller) {
    if (requests == null || requests.isEmpty()) {
      throw Invalid.field("tasks", "at least one task is required");
    }
    if (requests.size() > MAX_TASKS) {
      throw Invalid.field(
          "tasks",
          "at most "
              + String.format("%,d", MAX_TASKS)
              + " tasks in one batch; this one has "
              + String.format("%,d", requests.size())
              + ": split it");
    }
    Map<String, DataItem> known = visibleInputs(requests, caller);
    Map<String, Optional<Module>> moduleByName = new HashMap<>();
    Function<String, Optional<Module>> lookup =
        name -> moduleByName.computeIfAbsent(name, modules::findRecent);
    List<FieldError> errors = new ArrayList<>();
    List<TaskValidator.Checked> checked = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      CreateTask request = requests.get(i);
      if (request == null) {
        errors.add(new FieldError("tasks[" + i + "]", "must be a task, not null"));
        continue;
      }
      checked.add(validator.check(request, "tasks[" + i + "].", known, errors, caller, lookup));
    }
    if (!errors.isEmpty()) {
      throw new Invalid(errors);
    }
    return checked;
  }

  /**
   * The input items of the whole batch that {@code caller} may see, read in one query. Handed to
   * the validator as known items; an id missing here is looked up (and reported) by it as usual.
   */
  private Map<String, DataItem> visibleInputs(List<CreateTask> requests, Caller caller) {
    Set<String> ids = new LinkedHashSet<>();
    for (CreateTask request : requests) {
      if (request != null && request.inputs() != null) {
        request.inputs().values().stream().filter(DataRepository::isValidId).forEach(ids::add);
      }
    }
    Map<String, DataItem> known = new HashMap<>();
    if (!ids.isEmpty()) {
      for (DataItem item : data.findAllWithoutConsumers(ids)) {
        if (caller.canSee(item.owner)) {
          known.put(item.id, item);
        }
      }
    }
    return known;
  }

  /** Stores the tasks ({@link TaskWrites}); on a failure they are deleted again. */
  private void store(List<TaskService.Planned> planned) {
    List<DataItem> outputs = new ArrayList<>();
    List<Task> created = new ArrayList<>();
    for (TaskService.Planned one : planned) {
      outputs.addAll(one.outputs());
      created.add(one.task());
    }
    try {
      writes.store(outputs, created);
    } catch (RuntimeException e) {
      // What an undo could not delete is what a crash between two writes leaves: PENDING outputs
      // of no task are failed by the orphan sweep; a task left behind runs like any other.
      LOG.errorf(
          "a batch of %d tasks failed while being stored and was deleted again%s: %s",
          created.size(),
          e.getSuppressed().length == 0 ? "" : " (not entirely: " + e.getSuppressed()[0] + ")",
          e);
      throw e;
    }
  }

  /**
   * Wakes the dispatcher for the queued tasks and looks again at the waiting ones whose inputs
   * changed since the check (an input may have become AVAILABLE or FAILED meanwhile; its consumer
   * list did not name the task yet). A task whose inputs were all AVAILABLE waits only for its
   * timer. Returns the tasks as stored, in order.
   */
  private List<Task> started(List<TaskService.Planned> planned) {
    if (planned.stream().anyMatch(TaskService.Planned::ready)) {
      signal.wake();
    }
    Set<String> waitedOn = new LinkedHashSet<>();
    planned.stream()
        .filter(p -> !p.inputsAvailable())
        .forEach(p -> waitedOn.addAll(p.task().inputs.values()));
    Map<String, DataItem> now =
        waitedOn.isEmpty()
            ? Map.of()
            : data.findAllWithoutConsumers(waitedOn).stream()
                .collect(Collectors.toMap(item -> item.id, item -> item));
    // The reply is each task as this request stored it, or as a second look changed it; a runner
    // may have claimed a queued one already, as for one task.
    Map<String, Task> changed = new HashMap<>();
    for (TaskService.Planned one : planned) {
      if (!one.inputsAvailable() && decidable(one.task(), now)) {
        graph.evaluate(one.task()).ifPresent(task -> changed.put(task.id, task));
      }
    }
    return planned.stream().map(p -> changed.getOrDefault(p.task().id, p.task())).toList();
  }

  /**
   * Whether the waiting task can be queued or failed now (as {@link Readiness} decides): an input
   * FAILED or was deleted, or it is not delayed and every input is AVAILABLE. Otherwise the
   * producer's end or its timer moves it, as for one task.
   */
  private static boolean decidable(Task task, Map<String, DataItem> now) {
    List<DataStatus> inputs =
        task.inputs.values().stream()
            .map(id -> now.containsKey(id) ? now.get(id).status : DataStatus.FAILED)
            .toList();
    return inputs.contains(DataStatus.FAILED)
        || (task.notBefore == null && inputs.stream().allMatch(s -> s == DataStatus.AVAILABLE));
  }
}
