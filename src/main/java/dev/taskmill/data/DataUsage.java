package dev.taskmill.data;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which unfinished tasks still need a data item, so it is not deleted under them. */
@ApplicationScoped
public class DataUsage {

  private final TaskReferences tasks;

  DataUsage(TaskReferences tasks) {
    this.tasks = tasks;
  }

  /**
   * Ids of the unfinished tasks that produce or consume {@code item}, sorted. Asked by id from the
   * item's producer and consumers list.
   */
  public List<String> activeTasks(DataItem item) {
    Set<String> ids = new LinkedHashSet<>();
    if (item.producerTaskId != null) {
      ids.add(item.producerTaskId);
    }
    if (item.consumers != null) {
      ids.addAll(item.consumers);
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    return tasks.unfinished(ids).stream().sorted().toList();
  }
}
