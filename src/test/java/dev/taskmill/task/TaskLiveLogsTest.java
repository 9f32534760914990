package dev.taskmill.task;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.taskmill.data.DataRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The log of a running task is copied to the database while it runs, so an instance that does not
 * run it (an api instance in front of workers) serves it too; a copy from another attempt is never
 * served, and copies go when the attempt ends.
 */
@QuarkusTest
class TaskLiveLogsTest {

  @Inject DataRepository data;
  @Inject TaskRepository tasks;
  @Inject TaskLiveLogs liveLogs;

  @BeforeEach
  void echoModuleIsAvailable() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
  }

  @Test
  void aRunningTasksLogIsCopiedWhileItRunsAndDroppedWhenItEnds() {
    String input = textItem(data, "live");
    String id =
        TasksApi.create(
                Map.of(
                    "module",
                    "tm-echo",
                    "inputs",
                    Map.of("text", input),
                    "params",
                    Map.of("sleep", 5)))
            .getString("id");

    Document copy =
        waitFor(
            () -> {
              Document doc = liveLogs.collection().find(Filters.eq("_id", id)).first();
              return doc != null && doc.getString("text").contains("step 2 of 10") ? doc : null;
            },
            "a copy of the running task's log");
    Task running = tasks.find(id).orElseThrow();
    assertThat(running.status).isEqualTo(TaskStatus.RUNNING);
    assertThat(copy.getString("lease")).isEqualTo(running.lease.token);
    assertThat(liveLogs.find(running)).hasValueSatisfying(t -> assertThat(t).contains("step 2"));

    await(id, "SUCCEEDED");
    waitFor(
        () -> liveLogs.collection().countDocuments(Filters.eq("_id", id)) == 0 ? true : null,
        "the copy dropped once the attempt ended");
    assertThat(liveLogs.find(tasks.find(id).orElseThrow())).isEmpty();
    assertThat(
            given().get("/api/v1/tasks/" + id + "/log").then().statusCode(200).extract().asString())
        .contains("step 10 of 10")
        .contains("echoing 4 characters");
  }

  @Test
  void theApiServesTheCopyOfATaskRunningElsewhereOnlyForItsCurrentAttempt() {
    Task task = new Task();
    task.id = new ObjectId().toHexString();
    task.module = "tm-echo";
    task.label = "running on another instance";
    task.params = "{}";
    task.status = TaskStatus.RUNNING;
    task.attempt = 2;
    task.maxAttempts = 3;
    task.createdAt = Instant.now();
    task.startedAt = Instant.now();
    task.log = "the log of attempt 1\n";
    task.lease = new Task.Lease();
    task.lease.owner = "another-instance";
    task.lease.token = "token-of-attempt-2";
    task.lease.expiresAt = Instant.now().plus(Duration.ofHours(1));
    // Written directly: no queue, lease or counter entries, so no job of this instance touches it.
    TaskRepository.collection().insertOne(task);
    try {
      String path = "/api/v1/tasks/" + task.id + "/log";
      assertThat(given().get(path).then().statusCode(200).extract().asString())
          .as("no copy yet: the last finished attempt's log")
          .isEqualTo("the log of attempt 1\n");

      copy(task.id, "token-of-attempt-2", "[ 30%] step 3 of 10\n", Instant.now());
      assertThat(given().get(path).then().statusCode(200).extract().asString())
          .isEqualTo("[ 30%] step 3 of 10\n");

      copy(task.id, "token-of-attempt-1", "left by the first attempt\n", Instant.now());
      assertThat(given().get(path).then().statusCode(200).extract().asString())
          .as("a copy written under another lease is not this attempt's")
          .isEqualTo("the log of attempt 1\n");

      String stale = new ObjectId().toHexString();
      copy(stale, "gone", "an instance died with this\n", Instant.now().minus(Duration.ofHours(2)));
      liveLogs.sweepStale();
      assertThat(liveLogs.collection().countDocuments(Filters.eq("_id", stale))).isZero();
      assertThat(liveLogs.collection().countDocuments(Filters.eq("_id", task.id))).isOne();
    } finally {
      TaskRepository.collection().deleteOne(Filters.eq("_id", task.id));
      liveLogs.collection().deleteOne(Filters.eq("_id", task.id));
    }
  }

  private void copy(String taskId, String lease, String text, Instant at) {
    liveLogs
        .collection()
        .replaceOne(
            Filters.eq("_id", taskId),
            new Document("_id", taskId)
                .append("lease", lease)
                .append("text", text)
                .append("updatedAt", Date.from(at)),
            new com.mongodb.client.model.ReplaceOptions().upsert(true));
  }

  private static <T> T waitFor(Supplier<T> check, String what) {
    return Waits.patiently().alias(what).until(check::get, Objects::nonNull);
  }
}
