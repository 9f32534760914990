package dev.taskmill.task.history;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.store.TaskStore;
import dev.taskmill.testing.SettableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/dashboard/history} on a frozen clock: tasks of a module of its own that ended
 * at known minutes land in those minutes' buckets, and a queue sample in the current one.
 */
@QuarkusTest
class ThroughputHistoryTest {

  @Inject SettableClock clock;
  @Inject TaskRepository tasks;
  @Inject QueueDepthSamples queue;

  private final String module = "history-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> taskIds = new ArrayList<>();
  private Instant now;

  @BeforeEach
  void freeze() {
    now = clock.freeze();
  }

  @AfterEach
  void cleanUp() {
    clock.release();
    tasks.deleteAll(taskIds);
  }

  @Test
  void endsCountInTheMinuteTheyHappenedAndOnlyWithinTheHours() {
    ended(TaskStatus.SUCCEEDED, minutesAgo(5));
    ended(TaskStatus.SUCCEEDED, minutesAgo(5));
    ended(TaskStatus.FAILED, minutesAgo(5));
    ended(TaskStatus.FAILED, minutesAgo(0));
    ended(TaskStatus.SUCCEEDED, minutesAgo(70));
    ended(TaskStatus.SUCCEEDED, minutesAgo(7 * 60));
    ended(TaskStatus.CANCELLED, minutesAgo(5));

    JsonPath six = history("?module=" + module);
    assertThat(six.getInt("bucketSeconds")).isEqualTo(60);
    assertThat(six.getString("module")).isEqualTo(module);
    assertThat(six.getList("modules")).contains(module);
    List<Integer> succeeded = six.getList("succeeded", Integer.class);
    List<Integer> failed = six.getList("failed", Integer.class);
    assertThat(succeeded).hasSize(360);
    // The last bucket is the current minute, so minute m ago is bucket 359 - m.
    assertThat(succeeded.get(359 - 5)).isEqualTo(2);
    assertThat(failed.get(359 - 5)).isEqualTo(1);
    assertThat(failed.get(359)).isEqualTo(1);
    assertThat(succeeded.get(359 - 70)).isEqualTo(1);
    // Cancelled tasks are neither; the task from 7 h ago is outside the window.
    assertThat(succeeded.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
    assertThat(failed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
    Instant start = Instant.parse(six.getString("start"));
    assertThat(start.plus(Duration.ofMinutes(359))).isBeforeOrEqualTo(now);
    assertThat(start.plus(Duration.ofMinutes(360))).isAfter(now);

    JsonPath one = history("?hours=1&module=" + module);
    assertThat(one.getList("succeeded", Integer.class)).hasSize(60);
    assertThat(one.getList("succeeded", Integer.class).stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(2);
  }

  @Test
  void theQueueDepthIsTheSampleTakenInEachMinute() {
    queued();
    queued();
    queue.sample();
    clock.advance(Duration.ofMinutes(1));
    queued();
    queue.sample();

    List<Integer> queued = history("?hours=1&module=" + module).getList("queued", Integer.class);
    assertThat(queued.get(59)).isEqualTo(3);
    assertThat(queued.get(58)).isEqualTo(2);
    assertThat(queued.get(0)).isNull();
    assertThat(history("?hours=1").getList("modules")).contains(module);
  }

  @Test
  void aUserSeesOnlyTheirOwnTasksEndAndQueue() {
    String key =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("user", module, "role", "user", "name", "history test"))
            .post("/api/v1/keys")
            .then()
            .statusCode(201)
            .extract()
            .path("key");
    String userId =
        given()
            .header("Authorization", "Bearer " + key)
            .get("/api/v1/me")
            .then()
            .statusCode(200)
            .extract()
            .path("userId");
    ended(TaskStatus.SUCCEEDED, minutesAgo(2));
    Task own = newTask(TaskStatus.SUCCEEDED);
    own.owner = userId;
    own.finishedAt = minutesAgo(2);
    tasks.insert(own);
    Task queuedOwn = newTask(TaskStatus.QUEUED);
    queuedOwn.owner = userId;
    queuedOwn.queuedAt = now;
    queuedOwn.needs = new ArrayList<>(List.of(TaskStore.GPU));
    tasks.insert(queuedOwn);
    queued();
    queue.sample();

    JsonPath mine =
        given()
            .header("Authorization", "Bearer " + key)
            .get("/api/v1/dashboard/history?hours=1&module=" + module)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(mine.getList("succeeded", Integer.class).get(59 - 2)).isEqualTo(1);
    assertThat(mine.getList("queued", Integer.class).get(59)).isEqualTo(1);
    JsonPath everyone = history("?hours=1&module=" + module);
    assertThat(everyone.getList("succeeded", Integer.class).get(59 - 2)).isEqualTo(2);
    assertThat(everyone.getList("queued", Integer.class).get(59)).isEqualTo(2);
  }

  @Test
  void badHoursAreA400ThatSaysWhatIsAllowed() {
    for (String hours : List.of("0", "7", "abc", "-1", "1.5")) {
      given()
          .get("/api/v1/dashboard/history?hours=" + hours)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", containsString("'hours' must be a whole number from 1 to 6"));
    }
  }

  private JsonPath history(String query) {
    return given()
        .get("/api/v1/dashboard/history" + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private Instant minutesAgo(int minutes) {
    return now.minus(Duration.ofMinutes(minutes));
  }

  private Task ended(TaskStatus status, Instant finishedAt) {
    Task task = newTask(status);
    task.startedAt = finishedAt.minusSeconds(1);
    task.finishedAt = finishedAt;
    tasks.insert(task);
    return task;
  }

  private void queued() {
    Task task = newTask(TaskStatus.QUEUED);
    task.queuedAt = clock.instant();
    // Needs a GPU this instance does not offer, so the queue stays as seeded.
    task.needs = new ArrayList<>(List.of(TaskStore.GPU));
    tasks.insert(task);
  }

  private Task newTask(TaskStatus status) {
    Task task = new Task();
    task.id = new ObjectId().toHexString();
    task.module = module;
    task.label = "history test";
    task.status = status;
    task.maxAttempts = 1;
    task.createdAt = now;
    taskIds.add(task.id);
    return task;
  }
}
