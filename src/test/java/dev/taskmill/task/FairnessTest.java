package dev.taskmill.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fairness over real HTTP with real module processes: a module's cap (tm-capped declares 2, the
 * tests' config lowers it to 1) and a user's cap hold back tasks, which wait QUEUED and say why; a
 * user's priority is capped, an admin's is not; and a user's one task is not starved by another
 * user's twenty queued before it.
 */
@QuarkusTest
class FairnessTest {

  private Path folder;

  @BeforeEach
  void setUp() throws IOException {
    ModulesApi.awaitStatus("tm-capped", "AVAILABLE");
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    folder = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "fairness-");
  }

  @Test
  void aModuleAtItsCapRunsOneTaskAtATimeAndTheOthersWaitSayingWhy() throws IOException {
    Path gate = folder.resolve("gate");
    Path runs = folder.resolve("runs");
    String key = userKey("fair-module-" + UUID.randomUUID().toString().substring(0, 8));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(capped(key, "capped", gate, runs));
    }
    // Two slots, but the module's cap is 1: one runs, two wait and say why.
    Waits.until(
        () -> ids.stream().map(id -> as(key, id)).toList(),
        tasks -> {
          assertThat(tasks).filteredOn(t -> "RUNNING".equals(t.getString("status"))).hasSize(1);
          List<JsonPath> queued =
              tasks.stream().filter(t -> "QUEUED".equals(t.getString("status"))).toList();
          assertThat(queued).hasSize(2);
          queued.forEach(
              t ->
                  assertThat(t.getString("waitingReason"))
                      .isEqualTo("module tm-capped runs 1 of its maxConcurrent 1"));
        });
    Files.createFile(gate);
    ids.forEach(id -> awaitAs(key, id, "SUCCEEDED"));
    // The runs as the module itself recorded them: never two at once.
    List<double[]> recorded =
        Files.readAllLines(runs).stream()
            .map(line -> line.split(" "))
            .map(p -> new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1])})
            .toList();
    assertThat(recorded).hasSize(3);
    assertThat(mostAtOnce(recorded)).isEqualTo(1);
    assertThat(as(key, ids.get(0)).getString("waitingReason")).isNull();
  }

  @Test
  void aUserAtTheirCapWaitsWhileOthersRun() {
    String name = "fair-user-" + UUID.randomUUID().toString().substring(0, 8);
    String key = userKey(name);
    String id = userId(key);
    JsonPath user =
        patchUser(id, Map.of("maxConcurrentTasks", 1)).statusCode(200).extract().jsonPath();
    assertThat(user.getInt("maxConcurrentTasks")).isEqualTo(1);
    assertThat(user.getString("name")).isEqualTo(name);

    String first = echo(key, 600);
    String second = echo(key, 600);
    // Two slots are free, but the user may run one task at a time.
    Waits.until(
        () -> List.of(as(key, first), as(key, second)),
        tasks -> {
          assertThat(tasks)
              .extracting(t -> t.getString("status"))
              .containsExactlyInAnyOrder("RUNNING", "QUEUED");
          JsonPath queued =
              tasks.stream().filter(t -> "QUEUED".equals(t.getString("status"))).findFirst().get();
          assertThat(queued.getString("waitingReason"))
              .isEqualTo("user " + name + " runs 1 of their maxConcurrentTasks 1");
        });
    // Someone else's task runs meanwhile: the cap is the user's, not the instance's.
    String others = echo(userKey(name + "-other"), 0);
    awaitAs(null, others, "SUCCEEDED");
    String running = "RUNNING".equals(as(key, first).getString("status")) ? first : second;
    String waiting = running.equals(first) ? second : first;
    assertThat(as(key, waiting).getString("status")).isEqualTo("QUEUED");

    // The first ends: the second runs.
    cancel(key, running);
    awaitAs(key, waiting, "RUNNING");
    assertThat(as(key, waiting).getString("waitingReason")).isNull();
    cancel(key, waiting);

    // The cap comes off with null.
    Map<String, Object> off = new HashMap<>();
    off.put("maxConcurrentTasks", null);
    assertThat(patchUser(id, off).statusCode(200).extract().<Object>path("maxConcurrentTasks"))
        .isNull();
  }

  @Test
  void onlyAnAdminSetsAUsersCapAndBadValuesSayWhatIsAllowed() {
    String key = userKey("fair-patch-" + UUID.randomUUID().toString().substring(0, 8));
    String id = userId(key);
    given()
        .header("Authorization", "Bearer " + key)
        .contentType(ContentType.JSON)
        .body(Map.of("maxConcurrentTasks", 100))
        .patch("/api/v1/users/" + id)
        .then()
        .statusCode(403);
    for (Object bad : List.of(0, -1, 10_001, 1.5, "2", true)) {
      String detail =
          patchUser(id, Map.of("maxConcurrentTasks", bad))
              .statusCode(422)
              .contentType("application/problem+json")
              .extract()
              .path("detail");
      assertThat(detail).contains("1 to 10000");
    }
    assertThat(
            patchUser(id, Map.of("maxConcurrent", 2))
                .statusCode(422)
                .extract()
                .<String>path("detail"))
        .contains("maxConcurrentTasks");
    patchUser("u_" + "a".repeat(26), Map.of("maxConcurrentTasks", 2)).statusCode(404);
    // Nothing was changed by the refused requests.
    assertThat(patchUser(id, Map.of()).statusCode(200).extract().<Object>path("maxConcurrentTasks"))
        .isNull();
  }

  @Test
  void aUsersPriorityIsCappedAnAdminsIsNot() {
    String key = userKey("fair-priority-" + UUID.randomUUID().toString().substring(0, 8));
    String detail =
        createAs(key, delayed(key, 11))
            .statusCode(422)
            .contentType("application/problem+json")
            .extract()
            .path("detail");
    assertThat(detail).contains("priority").contains("at most 10");
    String atMax = createAs(key, delayed(key, 10)).statusCode(201).extract().path("id");
    String admins = createAs(null, delayed(null, 50)).statusCode(201).extract().path("id");
    assertThat(as(null, admins).getInt("priority")).isEqualTo(50);
    cancel(key, atMax);
    cancel(null, admins);
  }

  @Test
  void oneUsersTaskIsNotStarvedByAnothersQueue() {
    Path gate = folder.resolve("gate");
    String label = "round-robin-" + UUID.randomUUID();
    String alice = userKey("fair-alice-" + UUID.randomUUID().toString().substring(0, 8));
    String bob = userKey("fair-bob-" + UUID.randomUUID().toString().substring(0, 8));
    // tm-capped runs one task at a time: Alice's first runs and holds the module at the gate.
    List<String> alices = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      alices.add(capped(alice, label, gate, null));
    }
    String bobs = capped(bob, label, gate, null);
    try {
      Files.createFile(gate);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Instant bobStarted = Instant.parse(awaitAs(bob, bobs, "SUCCEEDED").getString("startedAt"));
    // Bob's task was among the first two claimed: at most one of Alice's started before it.
    long alicesBefore =
        alices.stream()
            .map(id -> as(alice, id).getString("startedAt"))
            .filter(started -> started != null && Instant.parse(started).isBefore(bobStarted))
            .count();
    assertThat(alicesBefore).isLessThanOrEqualTo(1);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("label", label))
        .post("/api/v1/tasks/cancel")
        .then()
        .statusCode(200);
  }

  private String capped(String key, String label, Path gate, Path runs) {
    Map<String, Object> params = new HashMap<>();
    params.put("gate", gate.toString());
    if (runs != null) {
      params.put("runsFile", runs.toString());
    }
    return createAs(
            key,
            Map.of(
                "module",
                "tm-capped",
                "label",
                label,
                "params",
                params,
                "inputs",
                Map.of("text", text(key))))
        .statusCode(201)
        .extract()
        .path("id");
  }

  private String echo(String key, int sleep) {
    return createAs(
            key,
            Map.of(
                "module",
                "tm-echo",
                "params",
                Map.of("sleep", sleep),
                "inputs",
                Map.of("text", text(key))))
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** A task that waits an hour before it could run, at {@code priority}. */
  private Map<String, Object> delayed(String key, int priority) {
    return Map.of(
        "module",
        "tm-echo",
        "priority",
        priority,
        "delaySeconds",
        3600,
        "inputs",
        Map.of("text", text(key)));
  }

  private static ValidatableResponse createAs(String key, Map<String, Object> body) {
    return as(key).contentType(ContentType.JSON).body(body).post("/api/v1/tasks").then();
  }

  private static String text(String key) {
    return as(key)
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "TEXT", "text", "x"))
        .post("/api/v1/data")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static void cancel(String key, String id) {
    as(key).post("/api/v1/tasks/" + id + "/cancel").then().statusCode(200);
  }

  private static ValidatableResponse patchUser(String id, Map<String, Object> body) {
    return given().contentType(ContentType.JSON).body(body).patch("/api/v1/users/" + id).then();
  }

  /** A request as the user of {@code key}; with null, as the tests' admin. */
  private static io.restassured.specification.RequestSpecification as(String key) {
    return key == null ? given() : given().header("Authorization", "Bearer " + key);
  }

  private static JsonPath as(String key, String id) {
    return as(key).get("/api/v1/tasks/" + id).then().statusCode(200).extract().jsonPath();
  }

  private static JsonPath awaitAs(String key, String id, String status) {
    return Waits.until(
        () -> as(key, id),
        t -> assertThat(t.getString("status")).as(t::prettify).isEqualTo(status));
  }

  private static String userId(String key) {
    return as(key).get("/api/v1/me").then().statusCode(200).extract().path("userId");
  }

  private static String userKey(String user) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("user", user, "role", "user", "name", "fairness test"))
        .post("/api/v1/keys")
        .then()
        .statusCode(201)
        .extract()
        .path("key");
  }

  /** The most runs in progress at one instant; a run ending as another starts is over. */
  private static int mostAtOnce(List<double[]> runs) {
    List<double[]> events = new ArrayList<>();
    for (double[] run : runs) {
      events.add(new double[] {run[0], 1});
      events.add(new double[] {run[1], -1});
    }
    events.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
    int now = 0;
    int most = 0;
    for (double[] event : events) {
      now += (int) event[1];
      most = Math.max(most, now);
    }
    return most;
  }
}
