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

  /**
   * How far down the queue and the history a user's lists look: other users' tasks are skipped, so
   * a user with few tasks among many may see fewer than the limit.
   */
  static final int SCAN_FACTOR = 20;

  /** RUNNING tasks of {@code owner} (null: everyone's), oldest start first. */
  public List<Task> active(int limit, String owner) {
    List<Task> running = new ArrayList<>(tasks.findAll(leases.all()));
    running.removeIf(t -> t.status != TaskStatus.RUNNING || !owns(owner, t));
    running.sort(
        Comparator.comparing(t -> t.startedAt, Comparator.nullsLast(Comparator.naturalOrder())));
    return running.size() > limit ? running.subList(0, limit) : running;
  }

  /**
   * QUEUED tasks of {@code owner} (null: everyone's) in the order they will be claimed, then
   * delayed WAITING tasks by due time.
   */
  public List<Task> planned(int limit, String owner) {
    int scan = owner == null ? limit : limit * SCAN_FACTOR;
    List<String> ids = new ArrayList<>(queue.peek(scan));
    if (ids.size() < scan) {
      ids.addAll(timers.peek(scan - ids.size()));
    }
    Map<String, Task> byId = new HashMap<>();
    tasks.findAll(ids).forEach(t -> byId.put(t.id, t));
    List<Task> planned = new ArrayList<>();
    for (String id : ids) {
      Task task = byId.get(id);
      if (task != null
          && owns(owner, task)
          && (task.status == TaskStatus.QUEUED || task.status == TaskStatus.WAITING)) {
        planned.add(task);
        if (planned.size() == limit) {
          break;
        }
      }
    }
    return planned;
  }

  /** Finished tasks ({@code statuses}) of {@code owner} (null: everyone's), most recent first. */
  public List<Task> finished(List<TaskStatus> statuses, int limit, String owner) {
    List<String> ids = recent.newest(statuses, owner == null ? limit : limit * SCAN_FACTOR);
    Map<String, Task> byId = new HashMap<>();
    tasks.findAll(ids).forEach(t -> byId.put(t.id, t));
    List<Task> finished = new ArrayList<>();
    for (String id : ids) {
      Task task = byId.get(id);
      if (task != null && owns(owner, task) && statuses.contains(task.status)) {
        finished.add(task);
        if (finished.size() == limit) {
          break;
        }
      }
    }
    return finished;
  }

  private static boolean owns(String owner, Task task) {
    return owner == null || owner.equals(task.owner);
  }
}
