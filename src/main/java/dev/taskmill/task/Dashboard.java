package dev.taskmill.task;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The task lists a dashboard shows. Active and planned tasks come from the small lease, queue and
 * timer collections and are then read by id, so they stay cheap however long the history grows.
 */
@ApplicationScoped
public class Dashboard {

  private final TaskRepository tasks;
  private final TaskQueue queue;
  private final TaskLeases leases;
  private final TaskTimers timers;

  Dashboard(TaskRepository tasks, TaskQueue queue, TaskLeases leases, TaskTimers timers) {
    this.tasks = tasks;
    this.queue = queue;
    this.leases = leases;
    this.timers = timers;
  }

  /** RUNNING tasks, oldest start first. */
  public List<Task> active(int limit) {
    List<Task> running = new ArrayList<>(tasks.findAll(leases.all()));
    running.removeIf(t -> t.status != TaskStatus.RUNNING);
    running.sort(
        Comparator.comparing(t -> t.startedAt, Comparator.nullsLast(Comparator.naturalOrder())));
    return running.size() > limit ? running.subList(0, limit) : running;
  }

  /** QUEUED tasks in the order they will be claimed, then delayed WAITING tasks by due time. */
  public List<Task> planned(int limit) {
    List<String> ids = new ArrayList<>(queue.peek(limit));
    if (ids.size() < limit) {
      ids.addAll(timers.peek(limit - ids.size()));
    }
    Map<String, Task> byId = new HashMap<>();
    tasks.findAll(ids).forEach(t -> byId.put(t.id, t));
    List<Task> planned = new ArrayList<>();
    for (String id : ids) {
      Task task = byId.get(id);
      if (task != null && (task.status == TaskStatus.QUEUED || task.status == TaskStatus.WAITING)) {
        planned.add(task);
      }
    }
    return planned;
  }

  /** Finished tasks ({@code statuses}), most recent first. */
  public List<Task> finished(List<TaskStatus> statuses, int limit) {
    return TaskRepository.collection()
        .find(Filters.in("status", statuses.stream().map(Enum::name).toList()))
        .sort(Sorts.descending("finishedAt"))
        .limit(limit)
        .into(new ArrayList<>());
  }
}
