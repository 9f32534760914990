package dev.taskmill.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.taskmill.auth.Caller;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.data.Expiry;
import dev.taskmill.failure.FieldError;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleRepository;
import dev.taskmill.module.ModuleStatus;
import dev.taskmill.validation.JsonLimits;
import dev.taskmill.validation.Unicode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a task request before anything is written: the module is AVAILABLE, every required input
 * is given and no unknown one, each input exists, is not FAILED and fits its port's kind, params
 * match the module's JSON Schema, and the numbers are in range. Collects every problem, field by
 * field, rather than stopping at the first.
 */
@ApplicationScoped
public class TaskValidator {

  static final int MAX_ATTEMPTS = 10;
  static final int MAX_TIMEOUT = 7 * 24 * 3600;
  private static final int MAX_DELAY = 7 * 24 * 3600;

  private final DataRepository data;
  private final ModuleRepository modules;
  private final ParamsValidator params;
  private final TaskmillConfig config;

  TaskValidator(
      DataRepository data,
      ModuleRepository modules,
      ParamsValidator params,
      TaskmillConfig config) {
    this.data = data;
    this.modules = modules;
    this.params = params;
    this.config = config;
  }

  /** A request that passed every check, with what the checks looked up. */
  public record Checked(
      CreateTask request,
      Module module,
      Map<String, String> inputs,
      List<DataItem> items,
      JsonNode params,
      Caller caller) {}

  /**
   * Checks one request, adding what is wrong to {@code errors} with field names under {@code
   * prefix}. {@code planned} holds items that do not exist yet (a pipeline's step outputs), by the
   * placeholder ids the request uses for them. Items {@code caller} may not see count as missing.
   */
  public Checked check(
      CreateTask request,
      String prefix,
      Map<String, DataItem> planned,
      List<FieldError> errors,
      Caller caller) {
    return check(request, prefix, planned, errors, caller, modules::findRecent);
  }

  /**
   * Like the above, looking modules up through {@code lookup} (a batch asks once per module name).
   */
  Checked check(
      CreateTask request,
      String prefix,
      Map<String, DataItem> planned,
      List<FieldError> errors,
      Caller caller,
      Function<String, Optional<Module>> lookup) {
    List<FieldError> found = new ArrayList<>();
    Module module = availableModule(request.module(), found, lookup);
    JsonNode givenParams =
        request.params() == null || request.params().isNull()
            ? JsonNodeFactory.instance.objectNode()
            : request.params();
    Map<String, String> inputs = request.inputs() == null ? Map.of() : request.inputs();
    List<DataItem> items = new ArrayList<>();
    if (module != null) {
      items = checkInputs(module, inputs, planned, found, caller);
      String tooMuch = JsonLimits.problem(givenParams, JsonLimits.MAX_PARAMS_BYTES);
      if (!givenParams.isObject()) {
        found.add(new FieldError("params", "must be a JSON object"));
      } else if (tooMuch != null) {
        // Checked before the schema: the schema validator recurses, and the message says the limit.
        found.add(new FieldError("params", tooMuch));
      } else {
        found.addAll(params.validate(module.paramsSchema, givenParams));
      }
    }
    checkRange(found, "maxAttempts", request.maxAttempts(), 1, MAX_ATTEMPTS);
    checkRange(found, "timeoutSeconds", request.timeoutSeconds(), 1, MAX_TIMEOUT);
    checkRange(found, "delaySeconds", request.delaySeconds(), 0, MAX_DELAY);
    FieldError ttl = Expiry.check("ttlSeconds", request.ttlSeconds());
    if (ttl != null) {
      found.add(ttl);
    }
    checkPriority(found, request.priority(), caller);
    if (request.label() != null && request.label().length() > 200) {
      found.add(new FieldError("label", "must be at most 200 characters"));
    } else if (Unicode.loneSurrogate(request.label()) >= 0) {
      found.add(new FieldError("label", "is not valid Unicode (a lone surrogate)"));
    }
    for (FieldError error : found) {
      errors.add(new FieldError(prefix + error.field(), error.message()));
    }
    return new Checked(request, module, inputs, items, givenParams, caller);
  }

  /**
   * A user may not raise a task above {@code taskmill.tasks.max-user-priority} (an admin may): a
   * 422 that names the maximum rather than a silent clamp, so the client learns the rule.
   */
  private void checkPriority(List<FieldError> errors, Integer priority, Caller caller) {
    int max = config.tasks().maxUserPriority();
    if (priority != null && priority > max && !caller.isAdmin()) {
      errors.add(
          new FieldError(
              "priority",
              "must be at most "
                  + max
                  + " for a user (taskmill.tasks.max-user-priority); only an admin may set a"
                  + " higher one"));
    }
  }

  private static Module availableModule(
      String name, List<FieldError> errors, Function<String, Optional<Module>> lookup) {
    if (name == null || name.isBlank()) {
      errors.add(new FieldError("module", "is required"));
      return null;
    }
    Optional<Module> found = lookup.apply(name);
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
      List<FieldError> errors,
      Caller caller) {
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
        errors.add(new FieldError("inputs." + port.name, "is required (" + wanted(port) + ")"));
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
    for (DataItem item : ids.isEmpty() ? List.<DataItem>of() : data.findAllWithoutConsumers(ids)) {
      if (caller.canSee(item.owner)) {
        byId.put(item.id, item);
      }
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
          } else if (!item.kind.fitsAny(kinds(port))) {
            errors.add(
                new FieldError(
                    field, "wants " + wanted(port) + " but data item " + id + " is " + item.kind));
          } else {
            found.add(item);
          }
        });
    return found;
  }

  /** The kinds {@code port} accepts (names the service does not know are left out). */
  static List<DataKind> kinds(Module.Port port) {
    return Module.Port.kindsOf(port).stream()
        .map(DataKind::parse)
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  /** "AUDIO or VIDEO", as a message names the kinds a port wants. */
  static String wanted(Module.Port port) {
    return String.join(" or ", Module.Port.kindsOf(port));
  }

  private static void checkRange(
      List<FieldError> errors, String field, Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      errors.add(new FieldError(field, "must be between " + min + " and " + max));
    }
  }
}
