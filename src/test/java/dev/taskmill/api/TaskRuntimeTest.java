package dev.taskmill.api;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.create;
import static dev.taskmill.testing.TasksApi.task;
import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.store.LocalFileStore;
import dev.taskmill.store.StoreBackend;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tasks through the API with real module subprocesses and a real MongoDB-wire server. */
@QuarkusTest
class TaskRuntimeTest {

  @Inject DataRepository data;
  @Inject @StoreBackend LocalFileStore store;

  @BeforeEach
  void echoModuleIsAvailable() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
  }

  private DataItem item(String id) {
    return data.find(id).orElseThrow();
  }

  @Test
  void aTaskRunsAndPublishesInlineAndFileOutputs() throws Exception {
    String input = textItem(data, "hello");
    JsonPath created =
        create(
            Map.of(
                "module",
                "tm-echo",
                "inputs",
                Map.of("text", input),
                "params",
                Map.of("suffix", "!")));
    String id = created.getString("id");
    String echo = created.getString("outputs.echo");
    String file = created.getString("outputs.file");
    assertThat(item(echo).status).isIn(DataStatus.PENDING, DataStatus.AVAILABLE);
    assertThat(item(echo).producerTaskId).isEqualTo(id);
    assertThat(item(echo).producerOutput).isEqualTo("echo");

    JsonPath done = await(id, "SUCCEEDED");
    assertThat(done.getInt("attempt")).isEqualTo(1);
    assertThat(done.getString("attempts[0].outcome")).isEqualTo("SUCCEEDED");
    assertThat(done.getDouble("progress.fraction")).isEqualTo(1.0);

    DataItem inline = item(echo);
    assertThat(inline.status).isEqualTo(DataStatus.AVAILABLE);
    assertThat(inline.isFile).isFalse();
    assertThat(inline.text).isEqualTo("hello!");
    assertThat(inline.sha256).isEqualTo(sha256("hello!".getBytes(StandardCharsets.UTF_8)));

    DataItem stored = item(file);
    assertThat(stored.isFile).isTrue();
    assertThat(stored.size).isEqualTo(6);
    byte[] bytes = Files.readAllBytes(store.localPath(stored.storageKey));
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("hello!");
    assertThat(stored.sha256).isEqualTo(sha256(bytes));

    String log =
        given().get("/api/v1/tasks/" + id + "/log").then().statusCode(200).extract().asString();
    assertThat(log).contains("echoing 6 characters").contains("step 10 of 10");
    // Every line starts with when it was received, so a reader sees where the time went.
    assertThat(log.lines())
        .isNotEmpty()
        .allSatisfy(
            line ->
                assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z .*"));
  }

  @Test
  void aTaskChainedOnAPendingOutputRunsAfterItsPredecessor() {
    String input = textItem(data, "a");
    JsonPath first =
        create(
            Map.of(
                "module", "tm-echo",
                "inputs", Map.of("text", input),
                "params", Map.of("suffix", "b", "sleep", 1)));
    JsonPath second =
        create(
            Map.of(
                "module", "tm-echo",
                "inputs", Map.of("text", first.getString("outputs.echo")),
                "params", Map.of("suffix", "c")));
    assertThat(second.getString("status")).isEqualTo("WAITING");

    JsonPath firstDone = await(first.getString("id"), "SUCCEEDED");
    JsonPath secondDone = await(second.getString("id"), "SUCCEEDED");
    assertThat(Instant.parse(secondDone.getString("startedAt")))
        .isAfterOrEqualTo(Instant.parse(firstDone.getString("finishedAt")));
    assertThat(item(secondDone.getString("outputs.echo")).text).isEqualTo("abc");
    assertThat(item(first.getString("outputs.echo")).consumers).contains(second.getString("id"));
  }

  @Test
  void aFailureFailsOutputsAndDependantsAndRetryResumesThem(
      @org.junit.jupiter.api.io.TempDir Path dir) {
    String input = textItem(data, "x");
    String counter = dir.resolve("runs").toString();
    JsonPath flaky =
        create(
            Map.of(
                "module", "tm-echo",
                "inputs", Map.of("text", input),
                "params", Map.of("failFirst", 1, "counterFile", counter, "sleep", 2)));
    JsonPath dependant =
        create(
            Map.of("module", "tm-echo", "inputs", Map.of("text", flaky.getString("outputs.echo"))));
    JsonPath grandchild =
        create(
            Map.of(
                "module",
                "tm-echo",
                "inputs",
                Map.of("text", dependant.getString("outputs.echo"))));

    JsonPath failed = await(flaky.getString("id"), "FAILED");
    assertThat(failed.getString("error.message")).contains("failing on purpose");
    assertThat(failed.getInt("error.exitCode")).isEqualTo(1);
    assertThat(item(flaky.getString("outputs.echo")).status).isEqualTo(DataStatus.FAILED);
    JsonPath dependantFailed = await(dependant.getString("id"), "FAILED");
    assertThat(dependantFailed.getString("failedBecause")).isEqualTo(flaky.getString("id"));
    await(grandchild.getString("id"), "FAILED");

    given().post("/api/v1/tasks/" + flaky.getString("id") + "/retry").then().statusCode(200);

    await(flaky.getString("id"), "SUCCEEDED");
    await(dependant.getString("id"), "SUCCEEDED");
    JsonPath last = await(grandchild.getString("id"), "SUCCEEDED");
    assertThat(item(last.getString("outputs.echo")).text).isEqualTo("x");
    // Same output ids as before: nothing downstream was resubmitted.
    assertThat(last.getString("outputs.echo")).isEqualTo(grandchild.getString("outputs.echo"));
  }

  @Test
  void anotherAttemptFollowsAFailureWhileAttemptsRemain(
      @org.junit.jupiter.api.io.TempDir Path dir) {
    String input = textItem(data, "y");
    JsonPath task =
        create(
            Map.of(
                "module",
                "tm-echo",
                "inputs",
                Map.of("text", input),
                "maxAttempts",
                2,
                "params",
                Map.of("failFirst", 1, "counterFile", dir.resolve("runs").toString())));
    JsonPath done = await(task.getString("id"), "SUCCEEDED");
    assertThat(done.getInt("attempt")).isEqualTo(2);
    assertThat(done.getList("attempts.outcome")).containsExactly("FAILED", "SUCCEEDED");
  }

  @Test
  void aTimeoutKillsTheModuleAndFailsTheTask(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path pidFile = dir.resolve("pid");
    JsonPath task =
        create(
            Map.of(
                "module",
                "tm-echo",
                "inputs",
                Map.of("text", textItem(data, "z")),
                "timeoutSeconds",
                // Room for the launcher, Python and the SDK to start and write the pid on a
                // loaded machine.
                5,
                "params",
                Map.of("sleep", 60, "pidFile", pidFile.toString())));
    JsonPath failed = await(task.getString("id"), "FAILED");
    assertThat(failed.getString("error.message")).contains("timed out after 5 s");
    assertThat(failed.getString("attempts[0].outcome")).isEqualTo("TIMED_OUT");
    assertGone(Long.parseLong(Files.readString(pidFile).strip()));
  }

  @Test
  void cancellingARunningTaskKillsItsProcess(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path pidFile = dir.resolve("pid");
    JsonPath task =
        create(
            Map.of(
                "module", "tm-echo",
                "inputs", Map.of("text", textItem(data, "c")),
                "params", Map.of("sleep", 60, "pidFile", pidFile.toString())));
    String id = task.getString("id");
    await(id, "RUNNING");
    long pid = Waits.pidIn(pidFile);

    given().post("/api/v1/tasks/" + id + "/cancel").then().statusCode(200);

    assertGone(pid);
    JsonPath cancelled = await(id, "CANCELLED");
    assertThat(cancelled.getString("error.message")).contains("cancelled");
    assertThat(item(task.getString("outputs.echo")).status).isEqualTo(DataStatus.FAILED);
    given()
        .post("/api/v1/tasks/" + id + "/cancel")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("only an unfinished task"));
  }

  @Test
  void cancellingAWaitingTaskFailsItsOutputs() {
    JsonPath task =
        create(
            Map.of(
                "module",
                "tm-echo",
                "inputs",
                Map.of("text", textItem(data, "w")),
                "delaySeconds",
                3600));
    assertThat(task.getString("status")).isEqualTo("WAITING");
    given().post("/api/v1/tasks/" + task.getString("id") + "/cancel").then().statusCode(200);
    JsonPath cancelled = task(task.getString("id"));
    assertThat(cancelled.getString("status")).isEqualTo("CANCELLED");
    assertThat(cancelled.getString("cancelledBy")).as("who cancelled it").isEqualTo("admin");
    assertThat(item(task.getString("outputs.echo")).status).isEqualTo(DataStatus.FAILED);
    // A retry runs it now: the delay was the cancelled run's.
    given().post("/api/v1/tasks/" + task.getString("id") + "/retry").then().statusCode(200);
    assertThat(await(task.getString("id"), "SUCCEEDED").getString("cancelledBy"))
        .as("a retried task is no longer cancelled by anyone")
        .isNull();
    assertThat(item(task.getString("outputs.echo")).text).isEqualTo("w");
  }

  @Test
  void aFreeSlotTakesTheHighestPriorityFirst() {
    // Occupy both worker slots (concurrency 2 in tests), then queue a low and a high priority task.
    List<String> blockers = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      blockers.add(
          create(
                  Map.of(
                      "module", "tm-echo",
                      "inputs", Map.of("text", textItem(data, "busy")),
                      "params", Map.of("sleep", 3)))
              .getString("id"));
    }
    blockers.forEach(id -> await(id, "RUNNING"));
    String low =
        create(
                Map.of(
                    "module",
                    "tm-echo",
                    "inputs",
                    Map.of("text", textItem(data, "l")),
                    "priority",
                    0))
            .getString("id");
    String high =
        create(
                Map.of(
                    "module",
                    "tm-echo",
                    "inputs",
                    Map.of("text", textItem(data, "h")),
                    "priority",
                    10))
            .getString("id");

    Instant lowStart = Instant.parse(await(low, "SUCCEEDED").getString("startedAt"));
    Instant highStart = Instant.parse(await(high, "SUCCEEDED").getString("startedAt"));
    assertThat(highStart).isBeforeOrEqualTo(lowStart);
  }

  private static void assertGone(long pid) throws Exception {
    var handle = ProcessHandle.of(pid);
    if (handle.isPresent()) {
      handle.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("module process %d", pid)
        .isFalse();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
