package dev.taskmill.task;

import static com.mongodb.client.model.Updates.set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.taskmill.api.Problem.FieldError;
import dev.taskmill.api.ProblemException;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataOrigin;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleRepository;
import dev.taskmill.module.ModuleStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

  private static final int MAX_ATTEMPTS = 10;
  private static final int MAX_TIMEOUT = 7 * 24 * 3600;
  private static final int MAX_DELAY = 7 * 24 * 3600;

  private final TaskRepository tasks;
  private final DataRepository data;
  private final ModuleRepository modules;
  private final ParamsValidator params;
  private final TaskGraph graph;
  private final TaskExecutions executions;
  private final QueueSignal signal;
  private final TaskmillConfig config;
  private final Clock clock;

  TaskService(
      TaskRepository tasks,
      DataRepository data,
      ModuleRepository modules,
      ParamsValidator params,
      TaskGraph graph,
      TaskExecutions executions,
      QueueSignal signal,
      TaskmillConfig config,
      Clock clock) {
    this.tasks = tasks;
    this.data = data;
    this.modules = modules;
    this.params = params;
    this.graph = graph;
    this.executions = executions;
    this.signal = signal;
    this.config = config;
    this.clock = clock;
  }

  /** The task, or a 400 (malformed id) or 404 problem. */
  public Task get(String id) {
    if (!DataRepository.isValidId(id)) {
      throw ProblemException.badRequest("'" + id + "' is not a task id (24 hex digits).");
    }
    return tasks.find(id).orElseThrow(() -> ProblemException.notFound("task", id));
  }

  /** Validates and creates a task with its PENDING outputs. */
  public Task create(CreateTask request) {
    if (request == null) {
      throw ProblemException.badRequest("The request body is missing; send a JSON task.");
    }
    List<FieldError> errors = new ArrayList<>();
    Checked checked = check(request, "", Map.of(), errors);
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    return insert(checked, checked.inputs(), null);
  }

  /** A request that passed every check, with what the checks looked up. */
  public record Checked(
      CreateTask request,
      Module module,
      Map<String, String> inputs,
      List<DataItem> items,
      JsonNode params) {}

  /**
   * Checks one request, adding what is wrong to {@code errors} with field names under {@code
   * prefix}. {@code planned} holds items that do not exist yet (a pipeline's step outputs), by the
   * placeholder ids the request uses for them.
   */
  public Checked check(
      CreateTask request, String prefix, Map<String, DataItem> planned, List<FieldError> errors) {
    List<FieldError> found = new ArrayList<>();
    Module module = availableModule(request.module(), found);
    JsonNode givenParams =
        request.params() == null || request.params().isNull()
            ? JsonNodeFactory.instance.objectNode()
            : request.params();
    Map<String, String> inputs = request.inputs() == null ? Map.of() : request.inputs();
    List<DataItem> items = new ArrayList<>();
    if (module != null) {
      items = checkInputs(module, inputs, planned, found);
      if (!givenParams.isObject()) {
        found.add(new FieldError("params", "must be a JSON object"));
      } else {
        found.addAll(params.validate(module.paramsSchema, givenParams));
      }
    }
    checkRange(found, "maxAttempts", request.maxAttempts(), 1, MAX_ATTEMPTS);
    checkRange(found, "timeoutSeconds", request.timeoutSeconds(), 1, MAX_TIMEOUT);
    checkRange(found, "delaySeconds", request.delaySeconds(), 0, MAX_DELAY);
    if (request.label() != null && request.label().length() > 200) {
      found.add(new FieldError("label", "must be at most 200 characters"));
    }
    for (FieldError error : found) {
      errors.add(new FieldError(prefix + error.field(), error.message()));
    }
    return new Checked(request, module, inputs, items, givenParams);
  }

  private Module availableModule(String name, List<FieldError> errors) {
    if (name == null || name.isBlank()) {
      errors.add(new FieldError("module", "is required"));
      return null;
    }
    Optional<Module> found = modules.find(name);
    if (found.isEmpty()) {
      errors.add(new FieldError("module", "there is no module '" + name + "'"));
      return null;
    }
    Module module = found.get();
    if (module.status != ModuleStatus.AVAILABLE) {
      String why = module.reason == null ? "" : " (" + module.reason + ")";
      errors.add(
          new FieldError(
              "module", "module '" + name + "' is " + module.status + why + ", not AVAILABLE"));
      return null;
    }
    return module;
  }

  private List<DataItem> checkInputs(
      Module module,
      Map<String, String> inputs,
      Map<String, DataItem> planned,
      List<FieldError> errors) {
    Map<String, Module.Port> ports = new LinkedHashMap<>();
    module.inputs.forEach(port -> ports.put(port.name, port));
    for (String port : inputs.keySet()) {
      if (!ports.containsKey(port)) {
        errors.add(
            new FieldError(
                "inputs." + port,
                "module '"
                    + module.name
                    + "' has no input '"
                    + port
                    + "'; its inputs are "
                    + (ports.isEmpty() ? "none" : String.join(", ", ports.keySet()))));
      }
    }
    for (Module.Port port : ports.values()) {
      if (!port.optional && !inputs.containsKey(port.name)) {
        errors.add(new FieldError("inputs." + port.name, "is required (" + port.kind + ")"));
      }
    }
    List<String> ids = new ArrayList<>();
    inputs.forEach(
        (port, id) -> {
          if (id != null && planned.containsKey(id)) {
            return;
          }
          if (!DataRepository.isValidId(id)) {
            errors.add(
                new FieldError(
                    "inputs." + port, "'" + id + "' is not a data item id (24 hex digits)"));
          } else {
            ids.add(id);
          }
        });
    Map<String, DataItem> byId = new HashMap<>(planned);
    for (DataItem item : ids.isEmpty() ? List.<DataItem>of() : data.findAll(ids)) {
      byId.put(item.id, item);
    }
    List<DataItem> found = new ArrayList<>();
    inputs.forEach(
        (portName, id) -> {
          Module.Port port = ports.get(portName);
          if (port == null
              || id == null
              || (!planned.containsKey(id) && !DataRepository.isValidId(id))) {
            return;
          }
          DataItem item = byId.get(id);
          String field = "inputs." + portName;
          if (item == null) {
            errors.add(new FieldError(field, "there is no data item '" + id + "'"));
          } else if (item.status == DataStatus.FAILED) {
            errors.add(new FieldError(field, "data item " + id + " FAILED and cannot be used"));
          } else if (!item.kind.fits(DataKind.valueOf(port.kind))) {
            errors.add(
                new FieldError(
                    field, "wants " + port.kind + " but data item " + id + " is " + item.kind));
          } else {
            found.add(item);
          }
        });
    return found;
  }

  private static void checkRange(
      List<FieldError> errors, String field, Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      errors.add(new FieldError(field, "must be between " + min + " and " + max));
    }
  }

  /** Inserts a checked task with {@code inputs} (a pipeline's placeholders replaced by ids). */
  public Task insert(Checked checked, Map<String, String> inputs, String pipelineId) {
    CreateTask request = checked.request();
    Module module = checked.module();
    JsonNode givenParams = checked.params();
    Instant now = clock.instant();
    Task task = new Task();
    task.id = new ObjectId().toHexString();
    task.module = module.name;
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
    task.createdAt = now;
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
      outputs.add(item);
      task.outputs.put(port.name, item.id);
    }
    boolean ready =
        task.notBefore == null
            && checked.items().stream().allMatch(item -> item.status == DataStatus.AVAILABLE);
    task.status = ready ? TaskStatus.QUEUED : TaskStatus.WAITING;
    task.queuedAt = ready ? now : null;
    // Outputs first: a task is never visible with output ids that do not exist.
    data.insertAll(outputs);
    tasks.insert(task);
    inputs.values().stream().distinct().forEach(id -> data.addConsumer(id, task.id));
    if (ready) {
      signal.wake();
    } else {
      // An input may have become AVAILABLE between the check and the insert.
      graph.evaluate(task);
    }
    return tasks.find(task.id).orElse(task);
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
  public Task cancel(String id) {
    Task task = get(id);
    if (task.status.isTerminal()) {
      throw ProblemException.conflict(
          "Task " + id + " is " + task.status + "; only an unfinished task can be cancelled.");
    }
    Optional<Task> cancelled =
        tasks.transition(
            id,
            List.of(TaskStatus.WAITING, TaskStatus.QUEUED, TaskStatus.RUNNING),
            TaskStatus.CANCELLED,
            set("error", TaskGraph.failure("cancelled by a client")));
    if (cancelled.isEmpty()) {
      Task now = get(id);
      throw ProblemException.conflict(
          "Task " + id + " is " + now.status + "; only an unfinished task can be cancelled.");
    }
    executions.cancel(id);
    graph.failDownstream(cancelled.get(), "task " + id + " was cancelled");
    return cancelled.get();
  }

  /** Runs a FAILED or CANCELLED task again, with the same output ids, and resumes dependants. */
  public Task retry(String id) {
    Task task = get(id);
    if (task.status != TaskStatus.FAILED && task.status != TaskStatus.CANCELLED) {
      throw ProblemException.conflict(
          "Task "
              + id
              + " is "
              + task.status
              + "; only a FAILED or CANCELLED task can be retried.");
    }
    return graph
        .reopen(id)
        .orElseThrow(
            () -> ProblemException.conflict("Task " + id + " changed meanwhile; try again."));
  }
}
