package dev.taskmill.task.caps;

import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.store.RunningCounts;
import java.util.HashSet;
import java.util.Set;

/**
 * What the concurrency caps hold back at one moment: the modules and the users (ids) that run as
 * many tasks as their cap allows, and why, in words, for a task that waits on them.
 */
public record Held(CapLimits limits, RunningCounts running) {

  public static final Held NONE = new Held(CapLimits.NONE, RunningCounts.NONE);

  /** The modules at their cap: the claim leaves their tasks QUEUED. */
  public Set<String> modules() {
    Set<String> full = new HashSet<>();
    limits
        .modules()
        .forEach(
            (module, max) -> {
              if (running.ofModule(module) >= max) {
                full.add(module);
              }
            });
    return full;
  }

  /** The users (ids) at their cap: the claim leaves their tasks QUEUED. */
  public Set<String> owners() {
    Set<String> full = new HashSet<>();
    limits
        .users()
        .forEach(
            (owner, max) -> {
              if (running.ofOwner(owner) >= max) {
                full.add(owner);
              }
            });
    return full;
  }

  /** Why {@code task} waits QUEUED because of a cap; null when no cap holds it. */
  public String reason(Task task) {
    if (task.status != TaskStatus.QUEUED) {
      return null;
    }
    // The limits are immutable maps, which refuse a null key: a task may lack an owner (stored
    // before owners existed) and, written by hand, a module.
    Integer moduleMax = task.module == null ? null : limits.modules().get(task.module);
    if (moduleMax != null && running.ofModule(task.module) >= moduleMax) {
      return "module "
          + task.module
          + " runs "
          + running.ofModule(task.module)
          + " of its maxConcurrent "
          + moduleMax;
    }
    Integer userMax = task.owner == null ? null : limits.users().get(task.owner);
    if (userMax != null && running.ofOwner(task.owner) >= userMax) {
      return "user "
          + (task.ownerName == null ? task.owner : task.ownerName)
          + " runs "
          + running.ofOwner(task.owner)
          + " of their maxConcurrentTasks "
          + userMax;
    }
    return null;
  }
}
