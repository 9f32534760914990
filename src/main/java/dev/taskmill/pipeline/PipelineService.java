package dev.taskmill.pipeline;

import com.mongodb.client.model.Filters;
import dev.taskmill.auth.Caller;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.data.Expiry;
import dev.taskmill.failure.FieldError;
import dev.taskmill.failure.Invalid;
import dev.taskmill.failure.NotFound;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleRepository;
import dev.taskmill.paging.Paging;
import dev.taskmill.task.CreateTask;
import dev.taskmill.task.TaskService;
import dev.taskmill.task.TaskValidator;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.conversions.Bson;

/**
 * Creates pipelines: every step is checked against the others before anything is written (step
 * references, cycles, kinds of the outputs they will consume, params), then the tasks are inserted
 * in dependency order, each wired to the real PENDING outputs of the steps before it.
 */
@ApplicationScoped
public class PipelineService {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
  private static final int MAX_STEPS = 100;

  private final TaskService tasks;
  private final TaskValidator validator;
  private final ModuleRepository modules;
  private final Clock clock;

  PipelineService(
      TaskService tasks, TaskValidator validator, ModuleRepository modules, Clock clock) {
    this.tasks = tasks;
    this.validator = validator;
    this.modules = modules;
    this.clock = clock;
  }

  /** A step's input: an existing item, or another step's output. */
  private record Ref(String itemId, String step, String output) {
    String placeholder() {
      return itemId != null ? itemId : "step:" + step + "/" + output;
    }
  }

  /** Validates and creates the whole pipeline, or nothing. */
  public Pipeline create(CreatePipeline request, Caller caller) {
    if (request == null || request.steps() == null || request.steps().isEmpty()) {
      throw new Invalid(List.of(new FieldError("steps", "at least one step is required")));
    }
    List<FieldError> errors = new ArrayList<>();
    if (request.steps().size() > MAX_STEPS) {
      errors.add(new FieldError("steps", "at most " + MAX_STEPS + " steps"));
    }
    FieldError ttl = Expiry.check("ttlSeconds", request.ttlSeconds());
    if (ttl != null) {
      errors.add(ttl);
    }
    Map<String, CreatePipeline.Step> steps = new LinkedHashMap<>();
    for (int i = 0; i < request.steps().size(); i++) {
      CreatePipeline.Step step = request.steps().get(i);
      String name = step == null ? null : step.name();
      if (name == null || !NAME.matcher(name).matches()) {
        errors.add(new FieldError("steps[" + i + "].name", "must be letters, digits, '-' or '_'"));
      } else if (steps.putIfAbsent(name, step) != null) {
        errors.add(new FieldError("steps[" + i + "].name", "'" + name + "' is used twice"));
      }
    }
    Map<String, Map<String, Ref>> refs = new HashMap<>();
    steps.forEach((name, step) -> refs.put(name, parseInputs(name, step, steps, errors)));
    if (!errors.isEmpty()) {
      throw new Invalid(errors);
    }
    List<String> order = StepOrder.of(steps.keySet(), upstream(refs), errors);
    if (!errors.isEmpty()) {
      throw new Invalid(errors);
    }
    Map<String, TaskValidator.Checked> checked = new HashMap<>();
    for (String name : order) {
      Map<String, DataItem> planned = planned(name, steps, refs.get(name), errors);
      CreatePipeline.Step step = steps.get(name);
      Map<String, String> inputs = new LinkedHashMap<>();
      refs.get(name).forEach((port, ref) -> inputs.put(port, ref.placeholder()));
      CreateTask task =
          new CreateTask(
              step.module(),
              inputs,
              step.params(),
              step.label() != null ? step.label() : labelOf(request, name),
              step.priority(),
              step.maxAttempts(),
              step.timeoutSeconds(),
              step.delaySeconds(),
              request.ttlSeconds(),
              step.reuse());
      checked.put(name, validator.check(task, "steps." + name + ".", planned, errors, caller));
    }
    if (!errors.isEmpty()) {
      throw new Invalid(errors);
    }
    return insert(request, order, refs, checked, caller);
  }

  private static String labelOf(CreatePipeline request, String step) {
    return request.label() == null || request.label().isBlank()
        ? step
        : request.label() + "/" + step;
  }

  private Map<String, Ref> parseInputs(
      String name,
      CreatePipeline.Step step,
      Map<String, CreatePipeline.Step> steps,
      List<FieldError> errors) {
    Map<String, Ref> parsed = new LinkedHashMap<>();
    if (step.inputs() == null) {
      return parsed;
    }
    step.inputs()
        .forEach(
            (port, value) -> {
              String field = "steps." + name + ".inputs." + port;
              if (value != null && value.isTextual()) {
                parsed.put(port, new Ref(value.asText(), null, null));
              } else if (value != null
                  && value.isObject()
                  && value.path("step").isTextual()
                  && value.path("output").isTextual()) {
                String from = value.get("step").asText();
                if (!steps.containsKey(from)) {
                  errors.add(new FieldError(field, "there is no step '" + from + "'"));
                } else if (from.equals(name)) {
                  errors.add(new FieldError(field, "a step cannot consume its own output"));
                } else {
                  parsed.put(port, new Ref(null, from, value.get("output").asText()));
                }
              } else {
                errors.add(
                    new FieldError(
                        field,
                        "must be a data item id or {\"step\": \"name\", \"output\": \"port\"}"));
              }
            });
    return parsed;
  }

  /** For each step, the steps whose outputs it consumes. */
  private static Map<String, Set<String>> upstream(Map<String, Map<String, Ref>> refs) {
    Map<String, Set<String>> upstream = new HashMap<>();
    refs.forEach(
        (name, inputs) -> {
          Set<String> steps = new HashSet<>();
          inputs.values().stream().filter(r -> r.step() != null).forEach(r -> steps.add(r.step()));
          upstream.put(name, steps);
        });
    return upstream;
  }

  /**
   * Stand-ins for the outputs this step consumes from earlier steps, with the kinds they will have.
   */
  private Map<String, DataItem> planned(
      String name,
      Map<String, CreatePipeline.Step> steps,
      Map<String, Ref> refs,
      List<FieldError> errors) {
    Map<String, DataItem> planned = new HashMap<>();
    refs.forEach(
        (port, ref) -> {
          if (ref.step() == null) {
            return;
          }
          Optional<Module> module = modules.find(steps.get(ref.step()).module());
          if (module.isEmpty()) {
            return; // the producing step reports its own unknown module
          }
          Optional<Module.Port> output =
              module.get().outputs.stream().filter(o -> o.name.equals(ref.output())).findFirst();
          if (output.isEmpty()) {
            errors.add(
                new FieldError(
                    "steps." + name + ".inputs." + port,
                    "step '"
                        + ref.step()
                        + "' ("
                        + module.get().name
                        + ") has no output '"
                        + ref.output()
                        + "'; its outputs are "
                        + String.join(
                            ", ", module.get().outputs.stream().map(o -> o.name).toList())));
            return;
          }
          DataItem item = new DataItem();
          item.id = ref.placeholder();
          item.kind = DataKind.valueOf(output.get().kind);
          item.status = DataStatus.PENDING;
          planned.put(item.id, item);
        });
    return planned;
  }

  private Pipeline insert(
      CreatePipeline request,
      List<String> order,
      Map<String, Map<String, Ref>> refs,
      Map<String, TaskValidator.Checked> checked,
      Caller caller) {
    Pipeline pipeline = new Pipeline();
    pipeline.id = DataRepository.newId();
    pipeline.owner = caller.userId();
    pipeline.ownerName = caller.user();
    pipeline.label = request.label();
    pipeline.createdAt = clock.instant();
    Map<String, Task> created = new HashMap<>();
    for (String name : order) {
      Map<String, String> inputs = new LinkedHashMap<>();
      refs.get(name)
          .forEach(
              (port, ref) ->
                  inputs.put(
                      port,
                      ref.itemId() != null
                          ? ref.itemId()
                          : created.get(ref.step()).outputs.get(ref.output())));
      Task task = tasks.insert(checked.get(name), inputs, pipeline.id);
      created.put(name, task);
      Pipeline.Step step = new Pipeline.Step();
      step.name = name;
      step.taskId = task.id;
      pipeline.steps.add(step);
    }
    pipeline.expiresAt = lastExpiry(created.values());
    pipeline.persist();
    return pipeline;
  }

  /** The pipeline expires with the last of its tasks; never when one of them never expires. */
  private static java.time.Instant lastExpiry(java.util.Collection<Task> tasks) {
    java.time.Instant last = null;
    for (Task task : tasks) {
      if (task.expiresAt == null) {
        return null;
      }
      last = last == null || task.expiresAt.isAfter(last) ? task.expiresAt : last;
    }
    return last;
  }

  /**
   * The pipelines {@code caller} may see, newest first; {@code label} (optional) matches part of
   * the label, case-insensitively.
   */
  public Paging.Page<Pipeline> list(String label, Paging paging, Caller caller) {
    List<Bson> filters = new ArrayList<>();
    if (label != null && !label.isBlank()) {
      filters.add(Paging.labelContains(label));
    }
    if (caller.ownerFilter() != null) {
      filters.add(Filters.eq("owner", caller.ownerFilter()));
    }
    return paging.newestFirst(Pipeline.mongoCollection(), filters);
  }

  /** The pipeline as {@code caller} may see it, or a 400/404 problem. */
  public Pipeline get(String id, Caller caller) {
    DataRepository.requireValidId(id, "pipeline");
    Pipeline pipeline = Pipeline.findById(id);
    if (pipeline == null || !caller.canSee(pipeline.owner)) {
      throw NotFound.of("pipeline", id);
    }
    return pipeline;
  }
}
