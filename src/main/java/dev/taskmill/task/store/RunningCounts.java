package dev.taskmill.task.store;

import java.util.Map;

/** How many tasks are RUNNING now, by module name and by owner (user id). */
public record RunningCounts(Map<String, Integer> byModule, Map<String, Integer> byOwner) {

  public static final RunningCounts NONE = new RunningCounts(Map.of(), Map.of());

  public RunningCounts {
    byModule = Map.copyOf(byModule);
    byOwner = Map.copyOf(byOwner);
  }

  public int ofModule(String module) {
    return byModule.getOrDefault(module, 0);
  }

  public int ofOwner(String owner) {
    return byOwner.getOrDefault(owner, 0);
  }
}
