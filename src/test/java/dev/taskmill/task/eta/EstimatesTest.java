package dev.taskmill.task.eta;

import static dev.taskmill.testing.TasksApi.task;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataOrigin;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.pipeline.Pipeline;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.store.TaskStore;
import dev.taskmill.task.view.TaskStats;
import dev.taskmill.testing.SettableClock;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Estimated start and finish through the API, on a frozen clock and a known queue: a module whose
 * recorded runs have a median of 10 s, the test profile's 2 task slots, nothing running, and five
 * QUEUED tasks at a priority above any other test's. The tasks need a GPU, which this instance does
 * not offer, so the queue stays as seeded (the estimate counts every slot for every task: the
 * documented simplification).
 */
@QuarkusTest
class EstimatesTest {

  @Inject SettableClock clock;
  @Inject TaskStats stats;
  @Inject TaskRepository tasks;
  @Inject DataRepository data;

  private final String module = "eta-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> taskIds = new ArrayList<>();
  private final List<String> itemIds = new ArrayList<>();
  private Instant now;

  @BeforeEach
  void aModuleWithTenSecondRunsAndAQuietService() {
    // The median of these is 10 s: the hung 10-minute run does not move it; failures do not count.
    for (long millis : new long[] {9_000, 10_000, 600_000, 10_000, 11_000}) {
      stats.recordRun(module, true, millis);
    }
    stats.recordRun(module, false, 1);
    Waits.until(() -> tasks.running(null, 10), running -> assertThat(running).isEmpty());
    now = clock.freeze();
  }

  @AfterEach
  void removeTheQueueAndRealTimeAgain() {
    clock.release();
    tasks.deleteAll(taskIds);
    data.deleteAll(itemIds);
  }

  @Test
  void theFifthQueuedTaskOnTwoSlotsStartsAfterTwoRoundsOfTenSeconds() {
    List<Task> queue = queueOfFive();
    String fifth = queue.get(4).id;

    JsonPath estimated = estimated(fifth);
    assertThat(estimated.getString("estimatedStart")).isEqualTo(at(20));
    assertThat(estimated.getString("estimatedFinish")).isEqualTo(at(30));

    JsonPath list =
        given().get("/api/v1/tasks?module=" + module).then().statusCode(200).extract().jsonPath();
    assertThat(list.getList("items.id")).contains(queue.get(0).id, queue.get(2).id);
    assertThat(list.getString("items.find { it.id == '" + queue.get(0).id + "' }.estimatedStart"))
        .isEqualTo(at(0));
    assertThat(list.getString("items.find { it.id == '" + queue.get(2).id + "' }.estimatedFinish"))
        .isEqualTo(at(20));

    JsonPath dashboard =
        given().get("/api/v1/dashboard").then().statusCode(200).extract().jsonPath();
    assertThat(dashboard.getString("planned.find { it.id == '" + fifth + "' }.estimatedStart"))
        .isEqualTo(at(20));
  }

  @Test
  void waitingTasksStartWhenTheirPredecessorIsEstimatedToFinish() {
    List<Task> queue = queueOfFive();
    Task second = waitingOn(queue.get(4));
    Task third = waitingOn(second);

    // The fifth queued task ends at +30 s; the one after it in the chain runs 30-40, then 40-50.
    JsonPath estimated = estimated(second.id);
    assertThat(estimated.getString("estimatedStart")).isEqualTo(at(30));
    assertThat(estimated.getString("estimatedFinish")).isEqualTo(at(40));
    JsonPath last = task(third.id);
    assertThat(last.getString("estimatedStart")).isEqualTo(at(40));
    assertThat(last.getString("estimatedFinish")).isEqualTo(at(50));
  }

  @Test
  void aPipelineShowsWhenItsLastTaskFinishes() {
    List<Task> queue = queueOfFive();
    Task second = waitingOn(queue.get(4));
    Pipeline pipeline = new Pipeline();
    pipeline.id = new ObjectId().toHexString();
    pipeline.label = "eta";
    pipeline.createdAt = now;
    pipeline.steps.add(step("first", queue.get(4)));
    pipeline.steps.add(step("second", second));
    pipeline.persist();
    try {
      JsonPath shown =
          Waits.until(
              () ->
                  given()
                      .get("/api/v1/pipelines/" + pipeline.id)
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath(),
              p -> assertThat(p.getString("estimatedFinish")).isEqualTo(at(40)));
      assertThat(shown.getString("estimatedStart")).isEqualTo(at(20));
      assertThat(shown.getString("steps[1].estimatedStart")).isEqualTo(at(30));
    } finally {
      Pipeline.deleteById(pipeline.id);
    }
  }

  @Test
  void aModuleWithoutHistoryHasNoEstimate() {
    queueOfFive();
    Task unknown = queued("eta-no-history-" + UUID.randomUUID(), now.minusSeconds(1));
    // Waits for the run times that make the others estimated, so the absence is not a cold cache.
    estimated(taskIds.get(0));

    JsonPath shown = task(unknown.id);
    assertThat(shown.getString("status")).isEqualTo("QUEUED");
    assertThat(shown.getString("estimatedStart")).isNull();
    assertThat(shown.getString("estimatedFinish")).isNull();
  }

  /** The task once the run times recorded for the module are read (they are cached a few s). */
  private JsonPath estimated(String id) {
    return Waits.until(() -> task(id), t -> assertThat(t.getString("estimatedFinish")).isNotNull());
  }

  private List<Task> queueOfFive() {
    List<Task> queue = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      queue.add(queued(module, now.minusSeconds(5 - i)));
    }
    return queue;
  }

  private Task queued(String moduleName, Instant queuedAt) {
    Task task = newTask(moduleName, TaskStatus.QUEUED);
    task.queuedAt = queuedAt;
    tasks.insert(task);
    return task;
  }

  /** A WAITING task of the module whose one input is {@code producer}'s PENDING output. */
  private Task waitingOn(Task producer) {
    DataItem output = new DataItem();
    output.id = DataRepository.newId();
    output.kind = DataKind.TEXT;
    output.status = DataStatus.PENDING;
    output.origin = DataOrigin.TASK;
    output.producerTaskId = producer.id;
    output.producerOutput = "out";
    data.insert(output);
    itemIds.add(output.id);
    Task task = newTask(module, TaskStatus.WAITING);
    task.inputs.put("in", output.id);
    tasks.insert(task);
    return task;
  }

  private Task newTask(String moduleName, TaskStatus status) {
    Task task = new Task();
    task.id = new ObjectId().toHexString();
    task.module = moduleName;
    task.label = "eta test";
    task.status = status;
    // Above anything other tests queue: the queue ahead of these tasks is these tasks.
    task.priority = 1_000_000;
    task.maxAttempts = 1;
    task.needs = new ArrayList<>(List.of(TaskStore.GPU));
    task.createdAt = now;
    taskIds.add(task.id);
    return task;
  }

  private static Pipeline.Step step(String name, Task task) {
    Pipeline.Step step = new Pipeline.Step();
    step.name = name;
    step.taskId = task.id;
    return step;
  }

  private String at(int seconds) {
    return now.plusSeconds(seconds).toString();
  }
}
