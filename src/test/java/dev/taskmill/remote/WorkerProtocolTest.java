package dev.taskmill.remote;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataRepository;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleStatus;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.run.LeaseRecovery;
import dev.taskmill.testing.DataApi;
import dev.taskmill.testing.TasksApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker protocol over real HTTP, with the test acting as the remote worker: an {@code api}
 * instance runs nothing itself, so every task here is claimed, run and reported over the API.
 */
@QuarkusTest
@TestProfile(WorkerProtocolTest.Central.class)
class WorkerProtocolTest {

  /** A central that runs no tasks, with short leases so an expiry is seen within seconds. */
  public static class Central implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "taskmill.role", "api",
          "taskmill.tasks.lease-duration", "3s",
          "taskmill.tasks.lease-check-interval", "1s",
          "taskmill.instances.heartbeat-interval", "1s");
    }
  }

  private static final String MODULE = "tm-remote";
  private static final String CHECKSUM = "remote-checksum-1";
  private static final String EDGE_MODULE = "tm-remote-edge";

  @Inject DataRepository data;
  @Inject TaskRepository tasks;
  @Inject LeaseRecovery recovery;
  @Inject RemoteAttempts attempts;
  @Inject dev.taskmill.store.FileStore store;

  private String workerKey;

  @BeforeEach
  void moduleAndWorkerKey() {
    // The central runs no module itself: the registry entry is what a worker set up and tested.
    if (Module.findById(MODULE) == null) {
      Module module = new Module();
      module.name = MODULE;
      module.version = "1.0.0";
      module.checksum = CHECKSUM;
      module.status = ModuleStatus.AVAILABLE;
      module.inputs = List.of(port("video", "FILE", null, false));
      module.outputs =
          List.of(
              port("file", "FILE", "application/octet-stream", false),
              port("note", "TEXT", "text/plain", false));
      module.persist();
    }
    if (Module.findById(EDGE_MODULE) == null) {
      Module edge = new Module();
      edge.name = EDGE_MODULE;
      edge.version = "1.0.0";
      edge.checksum = CHECKSUM;
      edge.status = ModuleStatus.AVAILABLE;
      edge.labels = List.of("edge");
      edge.inputs = List.of(port("video", "FILE", null, false));
      edge.outputs = List.of(port("note", "TEXT", "text/plain", false));
      edge.persist();
    }
    workerKey = key("worker");
  }

  private static Module.Port port(String name, String kind, String type, boolean optional) {
    Module.Port port = new Module.Port();
    port.name = name;
    port.kind = kind;
    port.kinds = List.of(kind);
    port.mediaType = type;
    port.optional = optional;
    return port;
  }

  private static String key(String role) {
    return given()
        .contentType(ContentType.JSON)
        .body(
            Map.of("user", role + "-" + UUID.randomUUID().toString().substring(0, 8), "role", role))
        .post("/api/v1/keys")
        .then()
        .statusCode(201)
        .extract()
        .path("key");
  }

  private io.restassured.specification.RequestSpecification asWorker() {
    return given().header("Authorization", "Bearer " + workerKey);
  }

  private String register(List<String> labels) {
    return asWorker()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "host",
                "edge-1",
                "capacity",
                2,
                "labels",
                labels,
                "modules",
                List.of(Map.of("name", MODULE, "version", "1.0.0", "checksum", CHECKSUM))))
        .post("/api/v1/workers")
        .then()
        .statusCode(200)
        .extract()
        .path("workerId");
  }

  /** A task of the module on a freshly uploaded video-like file; returns {taskId, input bytes}. */
  private String createTask(byte[] input) {
    String itemId = DataApi.upload(input, "clip.bin", "application/octet-stream").getString("id");
    return TasksApi.create(
            Map.of("module", MODULE, "inputs", Map.of("video", itemId), "maxAttempts", 3))
        .getString("id");
  }

  private JsonPath claim(String workerId, int waitSeconds) {
    Response response =
        asWorker()
            .queryParam("waitSeconds", waitSeconds)
            .post("/api/v1/workers/" + workerId + "/claim");
    assertThat(response.statusCode()).as(response.asString()).isIn(200, 204);
    return response.statusCode() == 204 ? null : response.jsonPath();
  }

  /** Claims until the task {@code taskId} comes (other tests' leftovers are reported failed). */
  private JsonPath claimTask(String workerId, String taskId) {
    return Waits.until(
        () -> {
          JsonPath claimed = claim(workerId, 2);
          if (claimed != null && !claimed.getString("taskId").equals(taskId)) {
            report(
                claimed.getString("taskId"),
                claimed.getString("leaseToken"),
                Map.of("outcome", "failed", "retryable", false));
            return null;
          }
          return claimed;
        },
        c -> assertThat(c).as("a claim of task " + taskId).isNotNull());
  }

  private Response report(String taskId, String token, Map<String, Object> body) {
    Map<String, Object> full = new java.util.HashMap<>(body);
    full.put("token", token);
    return asWorker()
        .contentType(ContentType.JSON)
        .body(full)
        .post("/api/v1/workers/tasks/" + taskId + "/report");
  }

  @Test
  void aRemoteWorkerRunsATaskEndToEnd() {
    byte[] input = new byte[200_000];
    Arrays.fill(input, (byte) 'v');
    input[0] = 'a';
    String taskId = createTask(input);
    String workerId = register(List.of());

    JsonPath claimed = claimTask(workerId, taskId);
    String token = claimed.getString("leaseToken");
    assertThat(claimed.getString("module")).isEqualTo(MODULE);
    assertThat(claimed.getString("moduleChecksum")).isEqualTo(CHECKSUM);
    assertThat(claimed.getInt("attempt")).isEqualTo(1);
    assertThat(claimed.getList("outputs.port")).containsExactly("file", "note");
    String itemId = claimed.getString("inputs[0].itemId");
    assertThat(claimed.getString("inputs[0].sha256")).isEqualTo(DataApi.sha256(input));
    assertThat(TasksApi.task(taskId).getString("status")).isEqualTo("RUNNING");

    // A download cut after 1000 bytes resumes with a Range.
    String inputPath = "/api/v1/workers/tasks/" + taskId + "/inputs/" + itemId;
    byte[] rest =
        asWorker()
            .header("Taskmill-Lease", token)
            .header("Range", "bytes=1000-")
            .get(inputPath)
            .then()
            .statusCode(206)
            .header("Content-Range", "bytes 1000-199999/200000")
            .extract()
            .asByteArray();
    assertThat(rest).isEqualTo(Arrays.copyOfRange(input, 1000, input.length));
    // Without the lease token the input is not there for this worker.
    asWorker().get(inputPath).then().statusCode(404).contentType("application/problem+json");

    // Progress, an upload, and the heartbeat that renews the lease.
    asWorker()
        .contentType(ContentType.JSON)
        .body(Map.of("token", token, "progress", 0.5, "message", "half", "log", "line 1\n"))
        .post("/api/v1/workers/tasks/" + taskId + "/progress")
        .then()
        .statusCode(200);
    assertThat(TasksApi.task(taskId).getDouble("progress.fraction")).isEqualTo(0.5);
    byte[] output = "the remote result\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    asWorker()
        .header("Taskmill-Lease", token)
        .contentType("text/plain")
        .body(output)
        .put("/api/v1/workers/tasks/" + taskId + "/outputs/file")
        .then()
        .statusCode(200)
        .body("sha256", org.hamcrest.Matchers.equalTo(DataApi.sha256(output)));
    Instant before = tasks.find(taskId).orElseThrow().lease.expiresAt;
    JsonPath beat =
        asWorker()
            .contentType(ContentType.JSON)
            .body(
                Map.of("leases", List.of(Map.of("taskId", taskId, "token", token)), "freeSlots", 1))
            .post("/api/v1/workers/" + workerId + "/heartbeat")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(beat.getList("stop")).isEmpty();
    assertThat(tasks.find(taskId).orElseThrow().lease.expiresAt).isAfter(before);
    String fileItem = claimed.getString("outputs.find { it.port == 'file' }.itemId");
    // Staged, not visible: the output is still PENDING.
    given()
        .get("/api/v1/data/" + fileItem)
        .then()
        .statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("PENDING"));

    Map<String, Object> success =
        Map.of(
            "outcome",
            "succeeded",
            "exitCode",
            0,
            "log",
            "line 1\nline 2\n",
            "outputs",
            Map.of("note", Map.of("value", "twelve words")));
    Response first = report(taskId, token, success);
    assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
    assertThat(first.jsonPath().getString("taskStatus")).isEqualTo("SUCCEEDED");
    // A retry of the same report after a network cut: the same answer, nothing done twice.
    Response again = report(taskId, token, success);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.jsonPath().getString("taskStatus")).isEqualTo("SUCCEEDED");

    JsonPath task = TasksApi.task(taskId);
    assertThat(task.getString("status")).isEqualTo("SUCCEEDED");
    assertThat(task.getList("attempts")).hasSize(1);
    JsonPath file =
        given().get("/api/v1/data/" + fileItem).then().statusCode(200).extract().jsonPath();
    assertThat(file.getString("status")).isEqualTo("AVAILABLE");
    assertThat(file.getString("sha256")).isEqualTo(DataApi.sha256(output));
    assertThat(DataApi.content(fileItem)).isEqualTo(output);
    String noteItem = claimed.getString("outputs.find { it.port == 'note' }.itemId");
    assertThat(new String(DataApi.content(noteItem), StandardCharsets.UTF_8))
        .isEqualTo("twelve words");
    // The input is no longer readable: the lease ended with the attempt.
    asWorker().header("Taskmill-Lease", token).get(inputPath).then().statusCode(404);

    // The worker shows among the instances, with its modules and labels.
    JsonPath instances =
        given().get("/api/v1/instances").then().statusCode(200).extract().jsonPath();
    assertThat(instances.getString("find { it.id == '" + workerId + "' }.kind"))
        .isEqualTo("remote");
    assertThat(instances.getList("find { it.id == '" + workerId + "' }.modules.checksum"))
        .containsExactly(CHECKSUM);
    assertThat(instances.getString("find { it.kind == 'local' }.role")).isEqualTo("api");
  }

  @Test
  void aLateReportAfterTheLeaseExpiredIsRefusedAndPublishesNothing() throws Exception {
    String taskId = createTask("late".getBytes(StandardCharsets.UTF_8));
    String workerId = register(List.of());
    JsonPath claimed = claimTask(workerId, taskId);
    String token = claimed.getString("leaseToken");
    asWorker()
        .header("Taskmill-Lease", token)
        .body("too late".getBytes(StandardCharsets.UTF_8))
        .put("/api/v1/workers/tasks/" + taskId + "/outputs/file")
        .then()
        .statusCode(200);
    String stagedKey = attempts.find(token, taskId).orElseThrow().staged().get(0).storageKey();
    assertThat(store.size(stagedKey)).isEqualTo("too late".length());
    // The worker is killed: no heartbeat. Lease recovery puts the task back, not counted.
    Waits.until(
        () -> {
          recovery.recoverExpired();
          return TasksApi.task(taskId);
        },
        t -> assertThat(t.getString("status")).isEqualTo("QUEUED"));
    JsonPath requeued = TasksApi.task(taskId);
    assertThat(requeued.getInt("attempt")).isZero();
    assertThat(requeued.getString("attempts[0].outcome")).isEqualTo("LOST");

    Response late =
        report(
            taskId,
            token,
            Map.of("outcome", "succeeded", "outputs", Map.of("note", Map.of("value", "x"))));
    assertThat(late.statusCode()).as(late.asString()).isEqualTo(409);
    assertThat(late.contentType()).startsWith("application/problem+json");
    assertThat(late.jsonPath().getString("detail")).contains("lease");
    // Its upload is gone from the store, and from the attempt's record.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.size(stagedKey))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
    assertThat(attempts.find(token, taskId).orElseThrow().staged()).isEmpty();
    String fileItem = claimed.getString("outputs.find { it.port == 'file' }.itemId");
    given()
        .get("/api/v1/data/" + fileItem)
        .then()
        .statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("PENDING"));

    // A second worker takes it up and finishes it.
    JsonPath second = claimTask(workerId, taskId);
    assertThat(second.getString("leaseToken")).isNotEqualTo(token);
    asWorker()
        .header("Taskmill-Lease", second.getString("leaseToken"))
        .body("on time".getBytes(StandardCharsets.UTF_8))
        .put("/api/v1/workers/tasks/" + taskId + "/outputs/file")
        .then()
        .statusCode(200);
    Response ok =
        report(
            taskId,
            second.getString("leaseToken"),
            Map.of("outcome", "succeeded", "outputs", Map.of("note", Map.of("value", "x"))));
    assertThat(ok.statusCode()).as(ok.asString()).isEqualTo(200);
    assertThat(new String(DataApi.content(fileItem), StandardCharsets.UTF_8)).isEqualTo("on time");
  }

  @Test
  void aWorkerKeyMayCallOnlyTheProtocolAndReadOnlyWhatItHolds() {
    String status =
        given()
            .header("Authorization", "Bearer " + workerKey)
            .get("/api/v1/tasks")
            .then()
            .statusCode(403)
            .contentType("application/problem+json")
            .extract()
            .path("detail");
    assertThat(status).contains("worker key");
    given()
        .header("Authorization", "Bearer " + workerKey)
        .get("/api/v1/data")
        .then()
        .statusCode(403);
    // Nor may a user key speak the protocol.
    given()
        .header("Authorization", "Bearer " + key("user"))
        .contentType(ContentType.JSON)
        .body(Map.of("host", "x", "capacity", 1))
        .post("/api/v1/workers")
        .then()
        .statusCode(403);

    String taskId = createTask("secret".getBytes(StandardCharsets.UTF_8));
    String itemId = TasksApi.task(taskId).getString("inputs.video");
    String workerId = register(List.of());
    JsonPath claimed = claimTask(workerId, taskId);
    // Another worker key knows the task and the token, and still reads nothing.
    String otherKey = key("worker");
    given()
        .header("Authorization", "Bearer " + otherKey)
        .header("Taskmill-Lease", claimed.getString("leaseToken"))
        .get("/api/v1/workers/tasks/" + taskId + "/inputs/" + itemId)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    // Nor a made-up token, nor an item that is not the task's input.
    asWorker()
        .header("Taskmill-Lease", "made-up")
        .get("/api/v1/workers/tasks/" + taskId + "/inputs/" + itemId)
        .then()
        .statusCode(404);
    String otherItem = TasksApi.textItem(data, "not an input");
    asWorker()
        .header("Taskmill-Lease", claimed.getString("leaseToken"))
        .get("/api/v1/workers/tasks/" + taskId + "/inputs/" + otherItem)
        .then()
        .statusCode(404);
    report(
            taskId,
            claimed.getString("leaseToken"),
            Map.of("outcome", "failed", "retryable", false, "message", "done here"))
        .then()
        .statusCode(200);
  }

  @Test
  void aCancelIsAnsweredInTheHeartbeat() {
    String taskId = createTask("cancel me".getBytes(StandardCharsets.UTF_8));
    String workerId = register(List.of());
    JsonPath claimed = claimTask(workerId, taskId);
    given().post("/api/v1/tasks/" + taskId + "/cancel").then().statusCode(200);
    JsonPath beat =
        asWorker()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "leases",
                    List.of(Map.of("taskId", taskId, "token", claimed.getString("leaseToken")))))
            .post("/api/v1/workers/" + workerId + "/heartbeat")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(beat.getString("stop[0].taskId")).isEqualTo(taskId);
    assertThat(beat.getString("stop[0].reason")).contains("cancelled");
  }

  @Test
  void aWorkerWithoutTheModuleOrItsChecksumClaimsNothingAndReRegistersUnderItsId() {
    String taskId = createTask("not for you".getBytes(StandardCharsets.UTF_8));
    String workerId =
        asWorker()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "host",
                    "old-box",
                    "capacity",
                    1,
                    "modules",
                    List.of(Map.of("name", MODULE, "checksum", "older"))))
            .post("/api/v1/workers")
            .then()
            .statusCode(200)
            .extract()
            .path("workerId");
    assertThat(claim(workerId, 1)).isNull();
    assertThat(TasksApi.task(taskId).getString("status")).isEqualTo("QUEUED");
    // Registered again under its id (after a central restart, say), now with the right files.
    String again =
        asWorker()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "workerId",
                    workerId,
                    "host",
                    "old-box",
                    "capacity",
                    1,
                    "modules",
                    List.of(Map.of("name", MODULE, "checksum", CHECKSUM))))
            .post("/api/v1/workers")
            .then()
            .statusCode(200)
            .extract()
            .path("workerId");
    assertThat(again).isEqualTo(workerId);
    JsonPath claimed = claimTask(workerId, taskId);
    report(taskId, claimed.getString("leaseToken"), Map.of("outcome", "failed", "retryable", false))
        .then()
        .statusCode(200);
    // Another key cannot take the id over.
    given()
        .header("Authorization", "Bearer " + key("worker"))
        .contentType(ContentType.JSON)
        .body(Map.of("workerId", workerId, "host", "thief", "capacity", 1))
        .post("/api/v1/workers")
        .then()
        .statusCode(409);
  }

  @Test
  void aTaskWhoseLabelsNobodyOffersSaysSoUntilAWorkerWithThemJoins() {
    String itemId =
        DataApi.upload(new byte[] {1, 2, 3}, "c.bin", "application/octet-stream").getString("id");
    String taskId =
        TasksApi.create(Map.of("module", EDGE_MODULE, "inputs", Map.of("video", itemId)))
            .getString("id");
    assertThat(tasks.find(taskId).orElseThrow().needs).containsExactly("edge");
    Waits.until(
        () -> TasksApi.task(taskId),
        t ->
            assertThat(t.getString("waitingReason"))
                .as(t.prettify())
                .contains("edge")
                .contains("no online instance"));

    // A worker with the module but without the label gets nothing.
    Map<String, Object> module = Map.of("name", EDGE_MODULE, "checksum", CHECKSUM);
    String plain =
        asWorker()
            .contentType(ContentType.JSON)
            .body(Map.of("host", "plain", "capacity", 1, "modules", List.of(module)))
            .post("/api/v1/workers")
            .then()
            .statusCode(200)
            .extract()
            .path("workerId");
    assertThat(claim(plain, 0)).isNull();

    String edge =
        asWorker()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "host",
                    "edge-box",
                    "capacity",
                    1,
                    "labels",
                    List.of("Edge"),
                    "modules",
                    List.of(module)))
            .post("/api/v1/workers")
            .then()
            .statusCode(200)
            .extract()
            .path("workerId");
    Waits.until(
        () -> TasksApi.task(taskId), t -> assertThat(t.getString("waitingReason")).isNull());
    JsonPath claimed = claimTask(edge, taskId);
    report(
            taskId,
            claimed.getString("leaseToken"),
            Map.of(
                "outcome",
                "succeeded",
                "outputs",
                Map.of("note", Map.of("value", "seen at the edge"))))
        .then()
        .statusCode(200);
    assertThat(TasksApi.task(taskId).getString("status")).isEqualTo("SUCCEEDED");
  }

  @Test
  void aLongPollAnswersAsSoonAsATaskArrives() throws Exception {
    String workerId = register(List.of());
    // Drain what earlier tests left, so the poll below waits.
    for (JsonPath leftover = claim(workerId, 0); leftover != null; leftover = claim(workerId, 0)) {
      report(
          leftover.getString("taskId"),
          leftover.getString("leaseToken"),
          Map.of("outcome", "failed", "retryable", false));
    }
    java.util.concurrent.CompletableFuture<Response> poll =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                asWorker()
                    .queryParam("waitSeconds", 30)
                    .post("/api/v1/workers/" + workerId + "/claim"));
    String taskId = createTask("arrives later".getBytes(StandardCharsets.UTF_8));
    Response answered = poll.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(answered.statusCode()).as(answered.asString()).isEqualTo(200);
    assertThat(answered.jsonPath().getString("taskId")).isEqualTo(taskId);
    report(
            taskId,
            answered.jsonPath().getString("leaseToken"),
            Map.of("outcome", "failed", "retryable", false))
        .then()
        .statusCode(200);
    // Nothing queued: the poll ends empty after its wait.
    assertThat(claim(workerId, 1)).isNull();
    asWorker()
        .queryParam("waitSeconds", 31)
        .post("/api/v1/workers/" + workerId + "/claim")
        .then()
        .statusCode(422)
        .contentType("application/problem+json");
  }

  @Test
  void badCallsGetAClearProblemAndChangeNothing() {
    Response noHost =
        asWorker()
            .contentType(ContentType.JSON)
            .body(Map.of("capacity", 0, "labels", List.of("Bad Label")))
            .post("/api/v1/workers");
    assertThat(noHost.statusCode()).isEqualTo(422);
    assertThat(noHost.contentType()).startsWith("application/problem+json");
    assertThat(noHost.jsonPath().getList("errors.field")).contains("host", "capacity", "labels");
    asWorker()
        .contentType(ContentType.JSON)
        .body("{\"host\": \"x\", \"capacity\": \"two\"}")
        .post("/api/v1/workers")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    asWorker()
        .post("/api/v1/workers/nobody/claim")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    asWorker()
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/api/v1/workers/nobody/heartbeat")
        .then()
        .statusCode(404);

    String workerId = register(List.of());
    JsonPath beat =
        asWorker()
            .contentType(ContentType.JSON)
            .body(Map.of("leases", List.of(Map.of("taskId", "not-an-id", "token", "x"))))
            .post("/api/v1/workers/" + workerId + "/heartbeat")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(beat.getString("stop[0].reason")).contains("no such lease");
    String taskId = createTask("bad calls".getBytes(StandardCharsets.UTF_8));
    JsonPath claimed = claimTask(workerId, taskId);
    String token = claimed.getString("leaseToken");
    asWorker()
        .header("Taskmill-Lease", token)
        .body(new byte[] {1})
        .put("/api/v1/workers/tasks/" + taskId + "/outputs/no-such-port")
        .then()
        .statusCode(404);
    asWorker()
        .body(new byte[] {1})
        .put("/api/v1/workers/tasks/" + taskId + "/outputs/file")
        .then()
        .statusCode(404);
    Response unknown = report(taskId, token, Map.of("outcome", "exploded"));
    assertThat(unknown.statusCode()).isEqualTo(422);
    assertThat(unknown.jsonPath().getString("detail")).contains("succeeded, failed");
    // A success without its required file output fails the task, as a module's would (another
    // attempt of the same code would miss it again).
    Response missing =
        report(
            taskId,
            token,
            Map.of("outcome", "succeeded", "outputs", Map.of("note", Map.of("value", "n"))));
    assertThat(missing.statusCode()).as(missing.asString()).isEqualTo(200);
    assertThat(missing.jsonPath().getString("taskStatus")).isEqualTo("FAILED");
    assertThat(TasksApi.task(taskId).getString("attempts[0].message")).contains("'file'");
    // A different report for the same attempt is refused; the first answer stands.
    report(taskId, token, Map.of("outcome", "failed")).then().statusCode(409);
  }
}
