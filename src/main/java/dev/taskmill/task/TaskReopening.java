package dev.taskmill.task;

import static com.mongodb.client.model.Updates.set;

import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/** A retry's way back: a FAILED or CANCELLED task, and what failed because of it, reopened. */
@ApplicationScoped
public class TaskReopening {

  private static final Logger LOG = Logger.getLogger(TaskReopening.class);

  private final TaskRepository tasks;
  private final DataRepository data;
  private final TaskGraph graph;

  TaskReopening(TaskRepository tasks, DataRepository data, TaskGraph graph) {
    this.tasks = tasks;
    this.data = data;
    this.graph = graph;
  }

  /**
   * Reopens a FAILED or CANCELLED task with {@code changes} written in the same conditional update:
   * its outputs back to PENDING, itself WAITING, and the dependants that failed because of it
   * likewise, so nothing downstream is resubmitted; then it is queued if its inputs are ready.
   */
  public Optional<Task> reopen(String taskId, List<Bson> changes) {
    List<Bson> updates =
        new ArrayList<>(
            List.of(
                set("error", null),
                set("failedBecause", null),
                set("cancelledBy", null),
                set("attempt", 0),
                // A retry gets a fresh budget of infrastructure losses too.
                set("infrastructureRetries", 0),
                set("progress", null),
                set("finishedAt", null),
                set("notBefore", null)));
    updates.addAll(changes);
    Optional<Task> reopened =
        tasks.transition(
            taskId,
            List.of(TaskStatus.FAILED, TaskStatus.CANCELLED),
            TaskStatus.WAITING,
            updates.toArray(Bson[]::new));
    if (reopened.isEmpty()) {
      return Optional.empty();
    }
    Deque<Task> queue = new ArrayDeque<>(List.of(reopened.get()));
    while (!queue.isEmpty()) {
      Task task = queue.poll();
      for (String output : task.outputs.values()) {
        data.transition(output, DataStatus.FAILED, DataStatus.PENDING, set("reason", null));
      }
      for (Task dependant : tasks.failedBecause(task.id)) {
        tasks
            .transition(
                dependant.id,
                List.of(TaskStatus.FAILED),
                TaskStatus.WAITING,
                set("error", null),
                set("failedBecause", null),
                set("attempt", 0),
                set("finishedAt", null))
            .ifPresent(queue::add);
      }
    }
    LOG.infof("task %s reopened", taskId);
    graph.evaluate(reopened.get());
    return tasks.find(taskId);
  }
}
