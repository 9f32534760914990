package dev.taskmill.task;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.create;
import static dev.taskmill.testing.TasksApi.task;
import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.taskmill.data.DataRepository;
import dev.taskmill.instance.InstanceIdentity;
import dev.taskmill.task.model.Task;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Warm module workers through the whole service (real worker processes, real tasks): one process
 * serves many tasks and loads its module once; a crash, a timeout and a cancel end only their own
 * task; logs never mix; workers are recycled and stopped when idle; modules that opt out or speak
 * protocol 1 still run cold.
 */
@QuarkusTest
class WarmWorkersTest {

  @Inject DataRepository data;
  @Inject InstanceIdentity identity;

  /** Runs one task of {@code module} to its end; returns the task. */
  private JsonPath run(String module, Map<String, Object> params, String expected) {
    return await(start(module, params, null), expected);
  }

  private String start(String module, Map<String, Object> params, Integer timeoutSeconds) {
    Map<String, Object> body = new HashMap<>();
    body.put("module", module);
    body.put("inputs", Map.of("text", textItem(data, "hello")));
    body.put("params", params);
    body.put("maxAttempts", 1);
    if (timeoutSeconds != null) {
      body.put("timeoutSeconds", timeoutSeconds);
    }
    return create(body).getString("id");
  }

  /** The report a tm-warm task wrote: the pid of the process that ran it, and load() calls. */
  private JsonPath report(JsonPath task) {
    String item = task.getString("outputs.report");
    return given()
        .get("/api/v1/data/" + item + "/content")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static String log(String id) {
    return given().get("/api/v1/tasks/" + id + "/log").then().statusCode(200).extract().asString();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void oneWorkerServesManyTasksAndLoadsTheModuleOnce() {
    ModulesApi.awaitStatus("tm-warm", "AVAILABLE");
    List<JsonPath> reports = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      reports.add(report(run("tm-warm", Map.of(), "SUCCEEDED")));
    }
    long pid = reports.get(0).getLong("pid");
    assertThat(reports).allSatisfy(r -> assertThat(r.getLong("pid")).isEqualTo(pid));
    assertThat(reports).allSatisfy(r -> assertThat(r.getInt("loads")).isEqualTo(1));

    JsonPath module = ModulesApi.module("tm-warm");
    assertThat(module.getBoolean("warm")).isTrue();
    assertThat(module.getList("workers.pid", Long.class)).contains(pid);
    Map<String, Object> worker =
        module.getList("workers", Map.class).stream()
            .filter(w -> ((Number) w.get("pid")).longValue() == pid)
            .findFirst()
            .orElseThrow();
    assertThat(((Number) worker.get("jobsServed")).intValue()).isGreaterThanOrEqualTo(4);
    assertThat(((Number) worker.get("rssBytes")).longValue()).isGreaterThan(1 << 20);
    assertThat(worker.get("state")).isIn("IDLE", "BUSY");
    assertThat(worker.get("instance")).isEqualTo(identity.id());
  }

  @Test
  void aModuleShowsTheWorkersOfEveryOnlineInstanceFromTheirHeartbeats() {
    MongoCollection<Document> instances = Task.mongoDatabase().getCollection("instances");
    // Another instance (a worker box) as its heartbeat leaves it, and one whose heartbeat is old.
    Document worker =
        new Document("module", "tm-warm")
            .append("pid", 4242L)
            .append("state", "BUSY")
            .append("jobsServed", 17)
            .append("started", Date.from(Instant.parse("2026-01-01T00:00:00Z")))
            .append("rssBytes", 50_000_000L);
    instances.insertOne(
        new Document("_id", "gpu-box-1")
            .append("role", "worker")
            .append("heartbeatAt", Date.from(Instant.now().plusSeconds(120)))
            .append("workers", List.of(worker)));
    instances.insertOne(
        new Document("_id", "gone-box")
            .append("role", "worker")
            .append("heartbeatAt", Date.from(Instant.now().minusSeconds(3600)))
            .append("workers", List.of(worker.append("pid", 999L))));
    try {
      List<Map> shown = ModulesApi.module("tm-warm").getList("workers", Map.class);
      Map<?, ?> remote =
          shown.stream()
              .filter(w -> "gpu-box-1".equals(w.get("instance")))
              .findFirst()
              .orElseThrow();
      assertThat(((Number) remote.get("pid")).longValue()).isEqualTo(4242L);
      assertThat(remote.get("state")).isEqualTo("BUSY");
      assertThat(((Number) remote.get("jobsServed")).intValue()).isEqualTo(17);
      assertThat(((Number) remote.get("rssBytes")).longValue()).isEqualTo(50_000_000L);
      assertThat(shown).noneMatch(w -> "gone-box".equals(w.get("instance")));
      // Only the module's own workers.
      assertThat(ModulesApi.module("tm-cold").getList("workers")).isEmpty();
    } finally {
      instances.deleteMany(Filters.in("_id", List.of("gpu-box-1", "gone-box")));
    }
  }

  @Test
  void aCrashEndsOnlyItsOwnTaskAndTheNextTaskRunsOnAFreshWorker() {
    ModulesApi.awaitStatus("tm-warm", "AVAILABLE");
    long before = report(run("tm-warm", Map.of(), "SUCCEEDED")).getLong("pid");

    JsonPath crashed = run("tm-warm", Map.of("crash", true), "FAILED");
    assertThat(crashed.getString("error.message"))
        .isEqualTo(
            "the module's worker process exited with code 3 before it answered:"
                + " crashing on purpose");

    JsonPath next = report(run("tm-warm", Map.of(), "SUCCEEDED"));
    assertThat(next.getLong("pid")).isNotEqualTo(before);
    assertThat(next.getInt("loads")).isEqualTo(1);
    assertThat(alive(before)).isFalse();
  }

  @Test
  void aTimeoutKillsOnlyThatWorkerAndTheNextTaskSucceeds() {
    ModulesApi.awaitStatus("tm-warm", "AVAILABLE");
    String id = start("tm-warm", Map.of("sleep", 300), 2);
    JsonPath timedOut = await(id, "FAILED");
    assertThat(timedOut.getString("attempts[0].outcome")).isEqualTo("TIMED_OUT");
    assertThat(timedOut.getString("error.message")).contains("timed out after 2 s");

    assertThat(report(run("tm-warm", Map.of(), "SUCCEEDED")).getInt("loads")).isEqualTo(1);
  }

  @Test
  void aCancelKillsOnlyThatWorkerAndTheNextTaskSucceeds() {
    ModulesApi.awaitStatus("tm-warm", "AVAILABLE");
    String id = start("tm-warm", Map.of("sleep", 300), null);
    Waits.until(() -> task(id), t -> assertThat(t.getString("status")).isEqualTo("RUNNING"));
    long busy = Waits.until(() -> busyWorker("tm-warm"), pid -> assertThat(pid).isPositive());
    given().post("/api/v1/tasks/" + id + "/cancel").then().statusCode(200);
    Waits.until(
        () -> task(id).getString("attempts[0].outcome"),
        outcome -> assertThat(outcome).isEqualTo("CANCELLED"));
    Waits.until(() -> alive(busy), stillAlive -> assertThat(stillAlive).isFalse());

    JsonPath next = report(run("tm-warm", Map.of(), "SUCCEEDED"));
    assertThat(next.getLong("pid")).isNotEqualTo(busy);
  }

  private static long busyWorker(String module) {
    return ModulesApi.module(module).getList("workers", Map.class).stream()
        .filter(w -> "BUSY".equals(w.get("state")))
        .mapToLong(w -> ((Number) w.get("pid")).longValue())
        .filter(pid -> pid > 0)
        .findFirst()
        .orElse(-1);
  }

  @Test
  void theLogsOfTasksOnOneWorkerNeverMix() {
    ModulesApi.awaitStatus("tm-warm", "AVAILABLE");
    String first = run("tm-warm", Map.of("marker", "first-task"), "SUCCEEDED").getString("id");
    String second = run("tm-warm", Map.of("marker", "second-task"), "SUCCEEDED").getString("id");

    for (String[] pair :
        new String[][] {
          {first, "first-task", "second-task"}, {second, "second-task", "first-task"}
        }) {
      String log = log(pair[0]);
      assertThat(log)
          .contains("stdout " + pair[1])
          .contains("child " + pair[1])
          .contains("log " + pair[1])
          .doesNotContain(pair[2])
          .doesNotContain("tm-warm: loading");
    }
  }

  @Test
  void aWorkerIsRecycledAfterItsModulesMaxTasks() {
    ModulesApi.awaitStatus("tm-warm-recycle", "AVAILABLE");
    List<Long> pids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      pids.add(report(run("tm-warm-recycle", Map.of(), "SUCCEEDED")).getLong("pid"));
    }
    assertThat(pids.get(1)).isEqualTo(pids.get(0));
    assertThat(pids.get(2)).isNotEqualTo(pids.get(0));
    Waits.until(() -> alive(pids.get(0)), stillAlive -> assertThat(stillAlive).isFalse());
  }

  @Test
  void anIdleWorkerIsStoppedAfterItsModulesIdleTime() {
    ModulesApi.awaitStatus("tm-warm-idle", "AVAILABLE");
    long pid = report(run("tm-warm-idle", Map.of(), "SUCCEEDED")).getLong("pid");
    Waits.until(() -> alive(pid), stillAlive -> assertThat(stillAlive).isFalse());
    // The list drops it once its output is read to the end, a moment after the process exits.
    Waits.until(
        () -> ModulesApi.module("tm-warm-idle").getList("workers.pid", Long.class),
        pids -> assertThat(pids).doesNotContain(pid));
  }

  @Test
  void aModuleThatOptsOutRunsEachTaskInAFreshProcess() {
    ModulesApi.awaitStatus("tm-cold", "AVAILABLE");
    JsonPath first = report(run("tm-cold", Map.of(), "SUCCEEDED"));
    JsonPath second = report(run("tm-cold", Map.of(), "SUCCEEDED"));
    assertThat(second.getLong("pid")).isNotEqualTo(first.getLong("pid"));
    assertThat(List.of(first.getInt("loads"), second.getInt("loads"))).containsOnly(1);
    assertThat(ModulesApi.module("tm-cold").getBoolean("warm")).isFalse();
    assertThat(ModulesApi.module("tm-cold").getList("workers")).isEmpty();
  }

  @Test
  void aProtocolOneModuleRunsCold() {
    ModulesApi.awaitStatus("tm-protocol1", "AVAILABLE");
    JsonPath first = report(run("tm-protocol1", Map.of(), "SUCCEEDED"));
    JsonPath second = report(run("tm-protocol1", Map.of(), "SUCCEEDED"));
    assertThat(second.getLong("pid")).isNotEqualTo(first.getLong("pid"));
    assertThat(first.getString("text")).isEqualTo("hello");
    assertThat(ModulesApi.module("tm-protocol1").getBoolean("warm")).isFalse();
  }
}
