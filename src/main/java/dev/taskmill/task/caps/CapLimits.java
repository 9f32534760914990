package dev.taskmill.task.caps;

import java.util.HashMap;
import java.util.Map;

/**
 * The concurrency caps in force: per module (the lower of the configured and the declared one) and
 * per user (admin-set), each the most tasks that run at once across all instances.
 */
public record CapLimits(Map<String, Integer> modules, Map<String, Integer> users) {

  public static final CapLimits NONE = new CapLimits(Map.of(), Map.of());

  public CapLimits {
    modules = Map.copyOf(modules);
    users = Map.copyOf(users);
  }

  /**
   * The module caps: where both the operator ({@code taskmill.modules.max-concurrent}) and the
   * module ({@code max_concurrent}) set one, the lower holds, as each is a limit that the other
   * must not lift (the module knows what it needs, the operator what the machines have).
   */
  public static Map<String, Integer> moduleCaps(
      Map<String, Integer> configured, Map<String, Integer> declared) {
    Map<String, Integer> caps = new HashMap<>(declared);
    configured.forEach((module, max) -> caps.merge(module, max, Math::min));
    return caps;
  }

  public boolean isEmpty() {
    return modules.isEmpty() && users.isEmpty();
  }
}
