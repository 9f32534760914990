package dev.taskmill.task;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.mongo.Journal;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How new tasks are stored, one order for a single create and for a batch: their PENDING outputs
 * first (a task is never visible with output ids that do not exist), then their inputs learn their
 * consumers, both in one write command to {@code data}, then the tasks. Only the last write waits
 * for the disk: its commit takes the one before it along, so tasks that are answered are on disk
 * whole. A failed write takes back those before it ({@link AllOrNothing}).
 */
@ApplicationScoped
class TaskWrites {

  private final DataRepository data;
  private final TaskRepository tasks;

  TaskWrites(DataRepository data, TaskRepository tasks) {
    this.data = data;
    this.tasks = tasks;
  }

  void store(List<DataItem> outputs, List<Task> created) {
    List<String> outputIds = outputs.stream().map(item -> item.id).toList();
    List<String> taskIds = created.stream().map(task -> task.id).toList();
    Map<String, List<String>> consumers = new LinkedHashMap<>();
    for (Task task : created) {
      task.inputs.values().stream()
          .distinct()
          .forEach(id -> consumers.computeIfAbsent(id, k -> new ArrayList<>()).add(task.id));
    }
    AllOrNothing.run(
        List.of(
            new AllOrNothing.Step(
                "outputs and consumers",
                () -> data.insertWithConsumers(outputs, consumers, Journal.DEFERRED),
                () -> {
                  data.removeConsumers(consumers);
                  data.deleteAll(outputIds);
                }),
            new AllOrNothing.Step(
                "tasks", () -> tasks.insertAll(created), () -> tasks.deleteAll(taskIds))));
  }
}
