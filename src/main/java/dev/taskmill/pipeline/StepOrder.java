package dev.taskmill.pipeline;

import dev.taskmill.failure.FieldError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The order in which a pipeline's steps are created: each after the steps it consumes. */
final class StepOrder {

  private StepOrder() {}

  /**
   * The steps {@code names} in an order where each comes after its {@code upstream} steps (Kahn's
   * algorithm); steps in a cycle are left out and named in {@code errors}.
   */
  static List<String> of(
      Set<String> names, Map<String, Set<String>> upstream, List<FieldError> errors) {
    Map<String, Integer> waitingOn = new HashMap<>();
    Map<String, List<String>> consumers = new HashMap<>();
    for (String name : names) {
      Set<String> before = upstream.getOrDefault(name, Set.of());
      waitingOn.put(name, before.size());
      before.forEach(u -> consumers.computeIfAbsent(u, k -> new ArrayList<>()).add(name));
    }
    Deque<String> ready = new ArrayDeque<>();
    names.stream().filter(n -> waitingOn.get(n) == 0).forEach(ready::add);
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String name = ready.poll();
      order.add(name);
      for (String consumer : consumers.getOrDefault(name, List.of())) {
        if (waitingOn.merge(consumer, -1, Integer::sum) == 0) {
          ready.add(consumer);
        }
      }
    }
    if (order.size() < names.size()) {
      List<String> cycle = names.stream().filter(n -> !order.contains(n)).sorted().toList();
      errors.add(
          new FieldError(
              "steps", "steps " + String.join(", ", cycle) + " consume each other in a cycle"));
    }
    return order;
  }
}
