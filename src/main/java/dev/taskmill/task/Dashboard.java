package dev.taskmill.task;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The task lists a dashboard shows. Each comes from a small collection (leases, queue, timers,
 * recently finished) and is then read by id, so it stays cheap however long the history grows.
 */
@ApplicationScoped
public class Dashboard {

  private final TaskRepository tasks;
  private final TaskQueue queue;
  private final TaskLeases leases;
  private final TaskTimers timers;
  private final TaskRecent recent;

  Dashboard(
      TaskRepository tasks,
      TaskQueue queue,
      TaskLeases leases,
      TaskTimers timers,
      TaskRecent recent) {
    this.tasks = tasks;
    this.queue = queue;
    this.leases = leases;
    this.timers = timers;
    this.recent = recent;
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
    List<String> ids = recent.newest(statuses, limit);
    Map<String, Task> byId = new HashMap<>();
    tasks.findAll(ids).forEach(t -> byId.put(t.id, t));
    List<Task> finished = new ArrayList<>();
    for (String id : ids) {
      Task task = byId.get(id);
      if (task != null && statuses.contains(task.status)) {
        finished.add(task);
      }
    }
    return finished;
  }
}
