package dev.taskmill.api;

import static dev.taskmill.testing.TasksApi.task;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.testing.ModulesApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/tasks/retry and /cancel over real HTTP: a filter selects as the task list does, ids
 * name tasks, a user acts only on their own tasks, and the work per request is bounded.
 */
@QuarkusTest
class BulkRetryCancelTest {

  private String alice;
  private String bob;

  @BeforeEach
  void setUp() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    alice = userKey("alice-bulk");
    bob = userKey("bob-bulk");
  }

  @Test
  void aFilteredRetryRunsTheFailedTasksAgainAndLeavesTheRest() {
    String label = "bulk-" + UUID.randomUUID();
    List<String> failing = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      failing.add(echo(alice, label, Map.of("fail", true)));
    }
    String succeeding = echo(alice, label, Map.of());
    String bobs = echo(bob, label, Map.of("fail", true));
    failing.forEach(id -> awaitAs(alice, id, "FAILED"));
    awaitAs(alice, succeeding, "SUCCEEDED");
    awaitAs(bob, bobs, "FAILED");

    JsonPath result =
        bulk(alice, "retry", Map.of("status", "FAILED", "label", label))
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(result.getInt("matched")).isEqualTo(3);
    assertThat(result.getInt("changed")).isEqualTo(3);
    assertThat(result.getList("failed")).isEmpty();
    // Each ran once more (and failed again, as asked): a second attempt in its history.
    for (String id : failing) {
      dev.taskmill.testing.Waits.until(
          () -> as(alice, id),
          t -> {
            assertThat(t.getString("status")).as(t::prettify).isEqualTo("FAILED");
            assertThat(t.getList("attempts")).hasSize(2);
          });
    }
    // Bob's failed task with the same label is not Alice's to retry.
    assertThat(as(bob, bobs).getString("status")).isEqualTo("FAILED");
    assertThat(as(bob, bobs).getList("attempts")).hasSize(1);
    assertThat(as(alice, succeeding).getString("status")).isEqualTo("SUCCEEDED");
  }

  @Test
  void cancelByIdsCancelsThoseAndReportsTheOthers() {
    String label = "bulk-" + UUID.randomUUID();
    String first = echo(alice, label, Map.of("sleep", 600));
    String second = echo(alice, label, Map.of("sleep", 600));
    String kept = echo(alice, label, Map.of("sleep", 600));
    String bobs = echo(bob, label, Map.of("sleep", 600));

    JsonPath result =
        bulk(alice, "cancel", Map.of("ids", List.of(first, second, bobs, first)))
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(result.getInt("matched")).isEqualTo(2);
    assertThat(result.getInt("changed")).isEqualTo(2);
    assertThat(result.getInt("failedTotal")).isEqualTo(1);
    assertThat(result.getString("failed[0].id")).isEqualTo(bobs);
    assertThat(result.getString("failed[0].reason")).contains("no task");
    assertThat(as(alice, first).getString("status")).isEqualTo("CANCELLED");
    assertThat(as(alice, second).getString("status")).isEqualTo("CANCELLED");
    assertThat(as(alice, kept).getString("status")).isNotEqualTo("CANCELLED");
    assertThat(as(bob, bobs).getString("status")).isNotEqualTo("CANCELLED");

    // Cancelling again changes nothing and says why.
    JsonPath again =
        bulk(alice, "cancel", Map.of("ids", List.of(first))).statusCode(200).extract().jsonPath();
    assertThat(again.getInt("changed")).isZero();
    assertThat(again.getString("failed[0].reason")).contains("CANCELLED");

    // An admin acts on everyone's tasks.
    JsonPath admin =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("label", label, "status", "RUNNING"))
            .post("/api/v1/tasks/cancel")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(admin.getInt("changed")).isEqualTo(admin.getInt("matched"));
    bulk(alice, "cancel", Map.of("label", label)).statusCode(200);
    bulk(bob, "cancel", Map.of("label", label)).statusCode(200);
    assertThat(task(kept).getString("status")).isEqualTo("CANCELLED");
    assertThat(task(bobs).getString("status")).isEqualTo("CANCELLED");
  }

  @Test
  void aRequestMustNameTheTasksWithinTheBound() {
    bulk(alice, "retry", Map.of()).statusCode(422).contentType("application/problem+json");
    bulk(alice, "cancel", Map.of("ids", List.of("x"), "status", "FAILED")).statusCode(422);
    bulk(alice, "cancel", Map.of("status", "NOPE")).statusCode(400);
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i <= 10_000; i++) {
      tooMany.add(String.format("%024x", i));
    }
    String detail =
        bulk(alice, "cancel", Map.of("ids", tooMany)).statusCode(422).extract().path("detail");
    assertThat(detail).contains("at most 10000");
  }

  private io.restassured.response.ValidatableResponse bulk(
      String key, String action, Map<String, ?> body) {
    return given()
        .header("Authorization", "Bearer " + key)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/tasks/" + action)
        .then();
  }

  private String echo(String key, String label, Map<String, Object> params) {
    return given()
        .header("Authorization", "Bearer " + key)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "module",
                "tm-echo",
                "label",
                label,
                "maxAttempts",
                1,
                "params",
                params,
                "inputs",
                Map.of("text", ownText(key))))
        .post("/api/v1/tasks")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String ownText(String key) {
    return given()
        .header("Authorization", "Bearer " + key)
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "TEXT", "text", "x"))
        .post("/api/v1/data")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static JsonPath as(String key, String id) {
    return given()
        .header("Authorization", "Bearer " + key)
        .get("/api/v1/tasks/" + id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static void awaitAs(String key, String id, String status) {
    dev.taskmill.testing.Waits.until(
        () -> as(key, id),
        t -> assertThat(t.getString("status")).as(t::prettify).isEqualTo(status));
  }

  private static String userKey(String user) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("user", user, "role", "user", "name", "bulk test"))
        .post("/api/v1/keys")
        .then()
        .statusCode(201)
        .extract()
        .path("key");
  }
}
