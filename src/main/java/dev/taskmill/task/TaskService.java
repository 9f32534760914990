package dev.taskmill.task;

import static com.mongodb.client.model.Updates.set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.auth.Caller;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataOrigin;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.data.Expiry;
import dev.taskmill.failure.Conflict;
import dev.taskmill.failure.FieldError;
import dev.taskmill.failure.Invalid;
import dev.taskmill.failure.MalformedRequest;
import dev.taskmill.failure.NotFound;
import dev.taskmill.module.Module;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.types.ObjectId;

/**
 * Creates, cancels and retries tasks. A create request is validated whole before anything is
 * written; then its PENDING output items and the task are inserted, and it is queued at once when
 * its inputs are already AVAILABLE.
 */
@ApplicationScoped
public class TaskService {

  private final TaskRepository tasks;
  private final DataRepository data;
  private final TaskValidator validator;
  private final TaskGraph graph;
  private final TaskReopening reopening;
  private final TaskExecutions executions;
  private final QueueSignal signal;
  private final TaskmillConfig config;
  private final Clock clock;
  private final TaskWrites writes;
  private final Expiry expiry;

  TaskService(
      TaskRepository tasks,
      DataRepository data,
      TaskValidator validator,
      TaskGraph graph,
      TaskReopening reopening,
      TaskExecutions executions,
      QueueSignal signal,
      TaskmillConfig config,
      Clock clock,
      TaskWrites writes,
      Expiry expiry) {
    this.writes = writes;
    this.expiry = expiry;
    this.tasks = tasks;
    this.data = data;
    this.validator = validator;
    this.graph = graph;
    this.reopening = reopening;
    this.executions = executions;
    this.signal = signal;
    this.config = config;
    this.clock = clock;
  }

  /** The task as {@code caller} may see it, or a 400 (malformed id) or 404 problem. */
  public Task get(String id, Caller caller) {
    DataRepository.requireValidId(id, "task");
    return tasks
        .find(id)
        .filter(task -> caller.canSee(task.owner))
        .orElseThrow(() -> NotFound.of("task", id));
  }

  /** Validates and creates a task with its PENDING outputs. */
  public Task create(CreateTask request, Caller caller) {
    if (request == null) {
      throw new MalformedRequest("The request body is missing; send a JSON task.");
    }
    List<FieldError> errors = new ArrayList<>();
    TaskValidator.Checked checked = validator.check(request, "", Map.of(), errors, caller);
    if (!errors.isEmpty()) {
      throw new Invalid(errors);
    }
    return insert(checked, checked.inputs(), null);
  }

  /** Inserts a checked task with {@code inputs} (a pipeline's placeholders replaced by ids). */
  public Task insert(TaskValidator.Checked checked, Map<String, String> inputs, String pipelineId) {
    Planned planned = plan(checked, inputs, pipelineId);
    store(planned);
    return started(planned);
  }

  /** Stores a planned task in at most three writes, only the last waiting for the disk. */
  private void store(Planned planned) {
    writes.store(planned.outputs(), List.of(planned.task()));
  }

  /** A task built from a checked request, with its PENDING outputs; nothing stored yet. */
  record Planned(Task task, List<DataItem> outputs, boolean ready, boolean inputsAvailable) {}

  /** Builds the task and its PENDING output items for {@code checked}; writes nothing. */
  Planned plan(TaskValidator.Checked checked, Map<String, String> inputs, String pipelineId) {
    CreateTask request = checked.request();
    Module module = checked.module();
    JsonNode givenParams = checked.params();
    // Stored dates keep milliseconds: the task answered is the task stored, to the digit.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Task task = new Task();
    task.id = new ObjectId().toHexString();
    task.module = module.name;
    task.owner = checked.caller().userId();
    task.ownerName = checked.caller().user();
    // What an instance must offer to claim it: gpu from the resources, plus the module's labels.
    java.util.Set<String> needs = new java.util.LinkedHashSet<>();
    if (module.resources != null && module.resources.needsGpu()) {
      needs.add(dev.taskmill.task.store.TaskStore.GPU);
      task.gpuMemoryMb = module.resources.gpuMemoryMb > 0 ? module.resources.gpuMemoryMb : null;
    }
    if (module.labels != null) {
      needs.addAll(module.labels);
    }
    if (!needs.isEmpty()) {
      task.needs = List.copyOf(needs);
    }
    task.pipelineId = pipelineId;
    task.moduleVersion = module.version;
    task.label =
        request.label() == null || request.label().isBlank() ? module.name : request.label();
    task.inputs = new LinkedHashMap<>(inputs);
    task.params = givenParams.toString();
    task.priority = request.priority() == null ? 0 : request.priority();
    task.maxAttempts =
        request.maxAttempts() == null ? config.tasks().defaultMaxAttempts() : request.maxAttempts();
    task.timeoutSeconds = timeout(request, module);
    task.notBefore =
        request.delaySeconds() == null || request.delaySeconds() == 0
            ? null
            : now.plusSeconds(request.delaySeconds());
    task.reuse = request.reuseAsked();
    task.createdAt = now;
    task.expiresAt = expiry.at(now, request.ttlSeconds(), checked.caller());
    List<DataItem> outputs = new ArrayList<>();
    for (Module.Port port : module.outputs) {
      DataItem item = new DataItem();
      item.id = DataRepository.newId();
      item.label = task.label + ":" + port.name;
      item.kind = DataKind.valueOf(port.kind);
      item.mediaType = port.mediaType;
      item.status = DataStatus.PENDING;
      item.origin = DataOrigin.TASK;
      item.producerTaskId = task.id;
      item.producerOutput = port.name;
      item.owner = task.owner;
      item.ownerName = task.ownerName;
      // Outputs go with their task: kept as long as it is (and longer while a task reads them).
      item.expiresAt = task.expiresAt;
      outputs.add(item);
      task.outputs.put(port.name, item.id);
    }
    boolean inputsAvailable =
        checked.items().stream().allMatch(item -> item.status == DataStatus.AVAILABLE);
    boolean ready = task.notBefore == null && inputsAvailable;
    task.status = ready ? TaskStatus.QUEUED : TaskStatus.WAITING;
    task.queuedAt = ready ? now : null;
    return new Planned(task, outputs, ready, inputsAvailable);
  }

  /**
   * What follows the insert of a planned task: it is announced to the dispatcher, or, when it waits
   * for an input that was not AVAILABLE at the check, looked at once more (the input may have
   * become AVAILABLE or FAILED between the check and the insert, before its consumer list named the
   * task). A task whose inputs were all AVAILABLE waits only for its time: its timer queues it.
   * Returns the task as stored by this request, without reading it back: a runner may claim a
   * queued task at once, and the reply shows it as created.
   */
  private Task started(Planned planned) {
    Task task = planned.task();
    if (planned.ready()) {
      signal.wake();
      return task;
    }
    if (planned.inputsAvailable()) {
      return task;
    }
    return graph.evaluate(task).orElse(task);
  }

  private int timeout(CreateTask request, Module module) {
    if (request.timeoutSeconds() != null) {
      return request.timeoutSeconds();
    }
    if (module.timeoutSeconds != null && module.timeoutSeconds > 0) {
      return module.timeoutSeconds;
    }
    return (int) config.tasks().defaultTimeout().toSeconds();
  }

  /** Cancels an unfinished task: a running one has its process tree killed. */
  public Task cancel(String id, Caller caller) {
    Task task = get(id, caller);
    if (task.status.isTerminal()) {
      throw new Conflict(
          "Task " + id + " is " + task.status + "; only an unfinished task can be cancelled.");
    }
    Optional<Task> cancelled =
        tasks.transition(
            id,
            List.of(TaskStatus.WAITING, TaskStatus.QUEUED, TaskStatus.RUNNING),
            TaskStatus.CANCELLED,
            set("error", TaskGraph.failure("cancelled by a client")),
            set("cancelledBy", caller.user()));
    if (cancelled.isEmpty()) {
      Task now = get(id, caller);
      throw new Conflict(
          "Task " + id + " is " + now.status + "; only an unfinished task can be cancelled.");
    }
    executions.cancel(id);
    graph.failDownstream(cancelled.get(), "task " + id + " was cancelled");
    return cancelled.get();
  }

  /** Runs a FAILED or CANCELLED task again, with the same output ids, and resumes dependants. */
  public Task retry(String id, Caller caller) {
    return retry(id, RetryChanges.NONE, caller);
  }

  /**
   * Runs a FAILED or CANCELLED task again with {@code changes} to its timeout and attempts, written
   * in the same conditional update that reopens it; a 422 for a bad value, before anything changes.
   */
  public Task retry(String id, RetryChanges changes, Caller caller) {
    changes.check();
    Task task = get(id, caller);
    if (task.status != TaskStatus.FAILED && task.status != TaskStatus.CANCELLED) {
      throw new Conflict(
          "Task "
              + id
              + " is "
              + task.status
              + "; only a FAILED or CANCELLED task can be retried.");
    }
    return reopening
        .reopen(id, changes.updates())
        .orElseThrow(() -> new Conflict("Task " + id + " changed meanwhile; try again."));
  }
}
