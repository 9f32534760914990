package dev.taskmill.task;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;

/** The task lists a dashboard shows; each one bounded query. */
public final class Dashboard {

  private Dashboard() {}

  /** RUNNING tasks, oldest start first. */
  public static List<Task> active(int limit) {
    return TaskRepository.collection()
        .find(Filters.eq("status", TaskStatus.RUNNING.name()))
        .sort(Sorts.ascending("startedAt"))
        .limit(limit)
        .into(new ArrayList<>());
  }

  /** QUEUED tasks in the order they will be claimed, then WAITING tasks, oldest first. */
  public static List<Task> planned(int limit) {
    List<Task> planned =
        TaskRepository.collection()
            .find(Filters.eq("status", TaskStatus.QUEUED.name()))
            .sort(Sorts.orderBy(Sorts.descending("priority"), Sorts.ascending("queuedAt")))
            .limit(limit)
            .into(new ArrayList<>());
    if (planned.size() < limit) {
      TaskRepository.collection()
          .find(Filters.eq("status", TaskStatus.WAITING.name()))
          .sort(Sorts.ascending("createdAt"))
          .limit(limit - planned.size())
          .into(planned);
    }
    return planned;
  }

  /** Finished tasks ({@code statuses}), most recent first. */
  public static List<Task> finished(List<TaskStatus> statuses, int limit) {
    return TaskRepository.collection()
        .find(Filters.in("status", statuses.stream().map(Enum::name).toList()))
        .sort(Sorts.descending("finishedAt"))
        .limit(limit)
        .into(new ArrayList<>());
  }
}
