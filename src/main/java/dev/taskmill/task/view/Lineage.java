package dev.taskmill.task.view;

import dev.taskmill.auth.Caller;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph around one data item: the producer chain upstream and the consumers downstream, with an
 * edge per port (item → task for inputs, task → item for outputs). Reached by ids only.
 *
 * @param truncated whether the walk stopped at {@code limit} nodes
 */
public record Lineage(
    String root, List<DataItem> items, List<Task> tasks, List<Edge> edges, boolean truncated) {

  /** One port: from an item into a task, or from a task to an item. */
  public record Edge(String from, String to, String port) {}

  /** Walks up and down from {@code root}, through what {@code caller} may see only. */
  public static Lineage of(
      DataItem root, DataRepository data, TaskRepository taskRepository, int limit, Caller caller) {
    Map<String, DataItem> items = new LinkedHashMap<>();
    Map<String, Task> tasks = new LinkedHashMap<>();
    Set<Edge> edges = new LinkedHashSet<>();
    items.put(root.id, root);
    boolean truncated = walk(root, true, items, tasks, edges, data, taskRepository, limit, caller);
    truncated |= walk(root, false, items, tasks, edges, data, taskRepository, limit, caller);
    return new Lineage(
        root.id,
        new ArrayList<>(items.values()),
        new ArrayList<>(tasks.values()),
        new ArrayList<>(edges),
        truncated);
  }

  private static boolean walk(
      DataItem root,
      boolean upstream,
      Map<String, DataItem> items,
      Map<String, Task> tasks,
      Set<Edge> edges,
      DataRepository data,
      TaskRepository taskRepository,
      int limit,
      Caller caller) {
    Deque<DataItem> frontier = new ArrayDeque<>(List.of(root));
    while (!frontier.isEmpty()) {
      if (items.size() + tasks.size() >= limit) {
        return true;
      }
      DataItem item = frontier.poll();
      List<String> next =
          upstream
              ? (item.producerTaskId == null ? List.of() : List.of(item.producerTaskId))
              : item.consumers;
      if (next.isEmpty()) {
        continue;
      }
      for (Task task : taskRepository.findAll(next)) {
        if (!caller.canSee(task.owner)) {
          continue;
        }
        tasks.putIfAbsent(task.id, task);
        Map<String, String> ports = upstream ? task.inputs : task.outputs;
        if (upstream) {
          edges.add(new Edge(task.id, item.id, item.producerOutput));
        } else {
          task.inputs.forEach(
              (port, id) -> {
                if (id.equals(item.id)) {
                  edges.add(new Edge(item.id, task.id, port));
                }
              });
        }
        for (DataItem neighbour : data.findAll(ports.values())) {
          if (!caller.canSee(neighbour.owner)) {
            continue;
          }
          ports.forEach(
              (port, id) -> {
                if (id.equals(neighbour.id)) {
                  edges.add(
                      upstream
                          ? new Edge(neighbour.id, task.id, port)
                          : new Edge(task.id, neighbour.id, port));
                }
              });
          if (items.putIfAbsent(neighbour.id, neighbour) == null) {
            frontier.add(neighbour);
          }
        }
      }
    }
    return false;
  }
}
