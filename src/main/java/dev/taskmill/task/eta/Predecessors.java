package dev.taskmill.task.eta;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.store.TaskStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The WAITING tasks' inputs and the tasks that produce them, read a level at a time (one read of
 * items and one of tasks per level, at most {@link #DEPTH} levels), so a page of chained tasks
 * costs a few queries, not a few per task.
 */
final class Predecessors {

  /** How many levels of producers are followed; a chain longer than this has no estimate. */
  static final int DEPTH = 16;

  private final Map<String, Task> tasks = new HashMap<>();
  private final Map<String, DataItem> items = new HashMap<>();

  Predecessors(Collection<Task> page, TaskStore store, DataRepository data) {
    page.forEach(t -> tasks.put(t.id, t));
    List<Task> frontier = waiting(page);
    for (int level = 0; level < DEPTH && !frontier.isEmpty(); level++) {
      Set<String> itemIds = new HashSet<>();
      frontier.forEach(t -> itemIds.addAll(t.inputs.values()));
      itemIds.removeAll(items.keySet());
      Set<String> producers = new HashSet<>();
      for (DataItem item : data.findAllWithoutConsumers(itemIds)) {
        items.put(item.id, item);
        if (item.status == DataStatus.PENDING
            && item.producerTaskId != null
            && !tasks.containsKey(item.producerTaskId)) {
          producers.add(item.producerTaskId);
        }
      }
      List<Task> read = producers.isEmpty() ? List.of() : store.findAll(producers);
      read.forEach(t -> tasks.put(t.id, t));
      frontier = waiting(read);
    }
  }

  /** The input item {@code id}, if it was read. */
  Optional<DataItem> item(String id) {
    return Optional.ofNullable(items.get(id));
  }

  /** The task {@code id}, if it was on the page or read as a producer. */
  Optional<Task> task(String id) {
    return Optional.ofNullable(tasks.get(id));
  }

  private static List<Task> waiting(Collection<Task> tasks) {
    return tasks.stream().filter(t -> t.status == TaskStatus.WAITING).toList();
  }
}
