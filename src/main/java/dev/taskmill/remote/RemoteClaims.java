package dev.taskmill.remote;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.instance.RemoteInstances;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleLabels;
import dev.taskmill.module.ModuleRepository;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.caps.ConcurrencyCaps;
import dev.taskmill.task.caps.Held;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.run.ClaimGate;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One claim for a remote worker, through the same {@code TaskStore.claimNext} as the local
 * dispatcher, with the same gate (the file store must take its outputs) and the same concurrency
 * caps and fairness: the lease's owner is the worker's id, its labels are the capabilities offered,
 * and the modules it lacks (or has with another checksum), or that need labels it does not offer
 * ({@link ModuleLabels}), stay for others.
 */
@ApplicationScoped
public class RemoteClaims {

  private static final Logger LOG = Logger.getLogger(RemoteClaims.class);

  private final TaskRepository tasks;
  private final ModuleRepository modules;
  private final DataRepository data;
  private final ClaimGate gate;
  private final ConcurrencyCaps caps;
  private final RemoteWorkers workers;
  private final RemoteAttempts attempts;
  private final ModuleLabels labels;

  RemoteClaims(
      TaskRepository tasks,
      ModuleRepository modules,
      DataRepository data,
      ClaimGate gate,
      ConcurrencyCaps caps,
      RemoteWorkers workers,
      RemoteAttempts attempts,
      ModuleLabels labels) {
    this.labels = labels;
    this.tasks = tasks;
    this.modules = modules;
    this.data = data;
    this.gate = gate;
    this.caps = caps;
    this.workers = workers;
    this.attempts = attempts;
  }

  /** Claims the next task {@code worker} may run now; empty when there is none. */
  public Optional<ClaimedTask> claim(RemoteInstances.Worker worker) {
    if (gate.whyClosed() != null) {
      return Optional.empty(); // the outputs could not be stored: the worker asks again later
    }
    Map<String, Module> known = new java.util.LinkedHashMap<>();
    modules.listAll().forEach(m -> known.put(m.name, m));
    Held held = caps.held();
    Set<String> notHere = new HashSet<>(notHere(worker, known.values()));
    notHere.addAll(held.modules());
    notHere.addAll(labels.notOffered(worker.labels()));
    Optional<Task> claimed =
        tasks.claimNext(
            worker.id(),
            workers.leaseDuration(),
            worker.labels(),
            notHere,
            worker.gpuFreeMb(),
            held.owners());
    if (claimed.isEmpty()) {
      return Optional.empty();
    }
    Task task = claimed.get();
    attempts.claimed(task.lease.token, task.id, worker.id());
    LOG.infof("task %s (%s) claimed by remote worker %s", task.id, task.module, worker.id());
    return Optional.of(describe(task, known.get(task.module)));
  }

  /** The modules whose tasks {@code worker} cannot run: it lacks them or has other files. */
  static Set<String> notHere(RemoteInstances.Worker worker, Iterable<Module> known) {
    Set<String> notHere = new HashSet<>();
    for (Module module : known) {
      boolean same =
          worker.modules().stream()
              .anyMatch(
                  m ->
                      m.name().equals(module.name)
                          && Objects.equals(m.checksum(), module.checksum));
      if (!same) {
        notHere.add(module.name);
      }
    }
    return notHere;
  }

  private ClaimedTask describe(Task task, Module module) {
    Map<String, DataItem> items = new java.util.HashMap<>();
    data.findAll(task.inputs.values()).forEach(item -> items.put(item.id, item));
    List<ClaimedTask.Input> inputs = new ArrayList<>();
    task.inputs.forEach(
        (port, itemId) -> {
          DataItem item = items.get(itemId);
          if (item != null) {
            inputs.add(
                new ClaimedTask.Input(
                    port,
                    itemId,
                    item.label,
                    item.mediaType,
                    item.size,
                    item.sha256,
                    item.isFile,
                    item.isFile ? null : item.text));
          }
        });
    List<ClaimedTask.Output> outputs = new ArrayList<>();
    if (module != null) {
      for (Module.Port port : module.outputs) {
        outputs.add(
            new ClaimedTask.Output(
                port.name, task.outputs.get(port.name), port.kind, port.mediaType, port.optional));
      }
    }
    return new ClaimedTask(
        task.id,
        task.attempt,
        task.lease.token,
        task.lease.expiresAt,
        task.module,
        module == null ? task.moduleVersion : module.version,
        module == null ? null : module.checksum,
        task.params,
        task.timeoutSeconds,
        inputs,
        outputs);
  }
}
