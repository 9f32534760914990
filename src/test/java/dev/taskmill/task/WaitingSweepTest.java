package dev.taskmill.task;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.create;
import static dev.taskmill.testing.TasksApi.delayedEcho;
import static dev.taskmill.testing.TasksApi.task;
import static dev.taskmill.testing.TasksApi.textItem;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.testing.ModulesApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * The WAITING sweep (the safety net for a promotion a crash left undone) decides from the inputs'
 * status in the database, also for tasks past its first slice of inputs read at once.
 */
@QuarkusTest
class WaitingSweepTest {

  /** More WAITING tasks than one slice of the sweep, so the tasks below fall in a later one. */
  private static final int FILLERS = 600;

  @Inject DataRepository data;
  @Inject TaskRepository tasks;
  @Inject TaskGraph graph;

  @Test
  void theSweepQueuesAndFailsWaitingTasksWhoseInputsChangedUnannounced() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    String gate = delayedEcho(data, "gate", 3600).getString("outputs.echo");
    List<Task> fillers = fillers(gate);
    tasks.insertAll(fillers);
    try {
      // Two inputs that are PENDING when their readers are created, then change with no event.
      String toBeAvailable = textItem(data, "ready");
      String toFail = textItem(data, "doomed");
      setStatus(toBeAvailable, "PENDING");
      setStatus(toFail, "PENDING");
      String ready =
          create(Map.of("module", "tm-echo", "inputs", Map.of("text", toBeAvailable)))
              .getString("id");
      String doomed =
          create(Map.of("module", "tm-echo", "inputs", Map.of("text", toFail))).getString("id");
      assertThat(task(ready).getString("status")).isEqualTo("WAITING");
      assertThat(task(doomed).getString("status")).isEqualTo("WAITING");
      setStatus(toBeAvailable, "AVAILABLE");
      setStatus(toFail, "FAILED");

      graph.promoteWaiting();

      await(ready, "SUCCEEDED");
      assertThat(task(doomed).getString("status")).isEqualTo("FAILED");
      assertThat(task(doomed).getString("error.message")).contains(toFail).contains("FAILED");
      assertThat(tasks.findAll(ids(fillers)))
          .extracting(t -> t.status)
          .containsOnly(TaskStatus.WAITING);
    } finally {
      TaskRepository.collection().deleteMany(Filters.in("_id", ids(fillers)));
    }
  }

  private static List<Task> fillers(String input) {
    List<Task> fillers = new ArrayList<>();
    for (int i = 0; i < FILLERS; i++) {
      Task task = new Task();
      task.id = new ObjectId().toHexString();
      task.module = "tm-echo";
      task.label = "filler " + i;
      task.status = TaskStatus.WAITING;
      task.maxAttempts = 1;
      task.createdAt = Instant.now();
      task.inputs.put("text", input);
      fillers.add(task);
    }
    return fillers;
  }

  private static List<String> ids(List<Task> tasks) {
    return tasks.stream().map(t -> t.id).toList();
  }

  private static void setStatus(String itemId, String status) {
    MongoCollection<DataItem> items = DataItem.mongoCollection();
    items.updateOne(Filters.eq("_id", itemId), Updates.set("status", status));
  }
}
