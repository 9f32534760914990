package dev.taskmill.api;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.create;
import static dev.taskmill.testing.TasksApi.task;
import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataRepository;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An operator's task actions over real HTTP: search and sort the list, delete finished tasks (one
 * or many), retry with a new timeout or attempts, cancel or retry a whole pipeline. Bad input is a
 * 4xx problem that changes nothing.
 */
@QuarkusTest
class TaskActionsApiTest {

  @Inject DataRepository data;

  @BeforeEach
  void echoModuleIsAvailable() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
  }

  private String echo(String label, Map<String, Object> params) {
    return create(
            Map.of(
                "module",
                "tm-echo",
                "label",
                label,
                "params",
                params,
                "inputs",
                Map.of("text", textItem(data, "x"))))
        .getString("id");
  }

  private static JsonPath list(Map<String, ?> query) {
    return given()
        .queryParams(query)
        .get("/api/v1/tasks")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void theListIsSearchedByIdLabelAndCreationAndSortedByAColumn() {
    String label = "search-" + UUID.randomUUID();
    Instant before = Instant.now().minusSeconds(1);
    String failed = echo(label, Map.of("fail", true));
    String done = echo(label, Map.of());
    await(failed, "FAILED");
    await(done, "SUCCEEDED");

    assertThat(list(Map.of("label", label)).getList("items.id", String.class))
        .containsExactly(done, failed);
    assertThat(list(Map.of("id", done)).getList("items.id", String.class)).containsExactly(done);
    assertThat(
            list(Map.of("id", failed.substring(0, 20).toUpperCase(), "label", label))
                .getList("items.id", String.class))
        .contains(failed);
    assertThat(
            list(Map.of("label", label, "createdFrom", before.toString()))
                .getList("items.id", String.class))
        .containsExactly(done, failed);
    assertThat(list(Map.of("label", label, "createdTo", before.toString())).getLong("total"))
        .isZero();
    assertThat(list(Map.of("label", label, "createdTo", "2999-01-01")).getLong("total"))
        .isEqualTo(2);
    assertThat(
            list(Map.of("label", label, "sort", "status", "order", "asc"))
                .getList("items.status", String.class))
        .containsExactly("FAILED", "SUCCEEDED");
    assertThat(
            list(Map.of("label", label, "sort", "status", "order", "desc"))
                .getList("items.status", String.class))
        .containsExactly("SUCCEEDED", "FAILED");
    assertThat(
            list(Map.of("label", label, "sort", "created", "order", "asc"))
                .getList("items.id", String.class))
        .containsExactly(failed, done);
    assertThat(list(Map.of("label", label, "sort", "finished")).getLong("total")).isEqualTo(2);
    assertThat(list(Map.of("label", label, "sort", "module")).getLong("total")).isEqualTo(2);
  }

  @Test
  void aBadSearchIsA400ThatSaysWhichField() {
    Map<String, String> bad =
        Map.of(
            "sort", "colour",
            "order", "sideways",
            "id", "not-hex",
            "createdFrom", "yesterday",
            "createdTo", "2026-13-40");
    bad.forEach(
        (field, value) ->
            assertThat(
                    given()
                        .queryParam(field, value)
                        .get("/api/v1/tasks")
                        .then()
                        .statusCode(400)
                        .contentType("application/problem+json")
                        .extract()
                        .<String>path("detail"))
                .contains(field));
    String swapped =
        given()
            .queryParam("createdFrom", "2026-12-08")
            .queryParam("createdTo", "2026-12-07")
            .get("/api/v1/tasks")
            .then()
            .statusCode(400)
            .extract()
            .path("detail");
    assertThat(swapped).contains("swap");
  }

  @Test
  void aFinishedTaskIsDeletedWithItsOutputsAndAnUnfinishedOneIsA409() {
    String running = echo("delete-" + UUID.randomUUID(), Map.of("sleep", 600));
    String conflict =
        given()
            .delete("/api/v1/tasks/" + running)
            .then()
            .statusCode(409)
            .contentType("application/problem+json")
            .extract()
            .path("detail");
    assertThat(conflict).contains("only a finished task");
    assertThat(task(running).getString("status")).isIn("WAITING", "QUEUED", "RUNNING");

    String done = echo("delete-" + UUID.randomUUID(), Map.of());
    JsonPath finished = await(done, "SUCCEEDED");
    String output = finished.getString("outputs.echo");
    given().get("/api/v1/data/" + output).then().statusCode(200);

    given().delete("/api/v1/tasks/" + done).then().statusCode(204);
    given().get("/api/v1/tasks/" + done).then().statusCode(404);
    given().get("/api/v1/data/" + output).then().statusCode(404);
    given().delete("/api/v1/tasks/" + done).then().statusCode(404);
    given().delete("/api/v1/tasks/nope").then().statusCode(400);
    given().post("/api/v1/tasks/" + running + "/cancel").then().statusCode(200);
  }

  @Test
  void aBulkDeleteByFilterDeletesTheFinishedAndReportsTheRest() {
    String label = "bulk-delete-" + UUID.randomUUID();
    String first = echo(label, Map.of("fail", true));
    String second = echo(label, Map.of("fail", true));
    String running = echo(label, Map.of("sleep", 600));
    await(first, "FAILED");
    await(second, "FAILED");

    JsonPath result =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("label", label))
            .post("/api/v1/tasks/delete")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(result.getInt("matched")).isEqualTo(3);
    assertThat(result.getInt("changed")).isEqualTo(2);
    assertThat(result.getString("failed[0].id")).isEqualTo(running);
    assertThat(list(Map.of("label", label)).getList("items.id", String.class))
        .containsExactly(running);

    given()
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/api/v1/tasks/delete")
        .then()
        .statusCode(422)
        .contentType("application/problem+json");
    given().post("/api/v1/tasks/" + running + "/cancel").then().statusCode(200);
  }

  @Test
  void aRetryMayChangeTheTimeoutAndAttemptsAndABadValueChangesNothing() {
    String id = echo("retry-" + UUID.randomUUID(), Map.of("fail", true));
    JsonPath failed = await(id, "FAILED");
    int timeout = failed.getInt("timeoutSeconds");

    JsonPath problem =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("timeoutSeconds", 0, "maxAttempts", 99))
            .post("/api/v1/tasks/" + id + "/retry")
            .then()
            .statusCode(422)
            .contentType("application/problem+json")
            .extract()
            .jsonPath();
    assertThat(problem.getList("errors.field", String.class))
        .containsExactlyInAnyOrder("timeoutSeconds", "maxAttempts");
    JsonPath unchanged = task(id);
    assertThat(unchanged.getString("status")).isEqualTo("FAILED");
    assertThat(unchanged.getInt("timeoutSeconds")).isEqualTo(timeout);
    assertThat(unchanged.getList("attempts")).hasSize(1);

    given()
        .contentType(ContentType.JSON)
        .body("{\"timeoutSeconds\": \"soon\"}")
        .post("/api/v1/tasks/" + id + "/retry")
        .then()
        .statusCode(400);
    assertThat(task(id).getString("status")).isEqualTo("FAILED");

    JsonPath retried =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("timeoutSeconds", 77, "maxAttempts", 2))
            .post("/api/v1/tasks/" + id + "/retry")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(retried.getInt("timeoutSeconds")).isEqualTo(77);
    assertThat(retried.getInt("maxAttempts")).isEqualTo(2);
    Waits.until(
        () -> task(id),
        t -> {
          assertThat(t.getString("status")).isEqualTo("FAILED");
          // Two more attempts, as the new maxAttempts allows.
          assertThat(t.getList("attempts")).hasSize(3);
        });

    // Without a body the retry changes nothing but the status, as before.
    given().post("/api/v1/tasks/" + id + "/retry").then().statusCode(200);
    assertThat(task(id).getInt("timeoutSeconds")).isEqualTo(77);
  }

  @Test
  void aPipelineIsCancelledWholeAndItsFailedStepsRetried() {
    String input = textItem(data, "p");
    JsonPath pipeline =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "label",
                    "actions-" + UUID.randomUUID(),
                    "steps",
                    List.of(
                        Map.of(
                            "name",
                            "slow",
                            "module",
                            "tm-echo",
                            "inputs",
                            Map.of("text", input),
                            "params",
                            Map.of("sleep", 600)),
                        Map.of(
                            "name",
                            "next",
                            "module",
                            "tm-echo",
                            "inputs",
                            Map.of("text", Map.of("step", "slow", "output", "echo"))))))
            .post("/api/v1/pipelines")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    String id = pipeline.getString("id");
    String slow = pipeline.getString("steps[0].taskId");
    String next = pipeline.getString("steps[1].taskId");

    given().post("/api/v1/pipelines/" + id + "/retry").then().statusCode(409);
    JsonPath cancelled =
        given()
            .post("/api/v1/pipelines/" + id + "/cancel")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(cancelled.getInt("changed")).isEqualTo(2);
    assertThat(task(slow).getString("status")).isEqualTo("CANCELLED");
    assertThat(task(next).getString("status")).isEqualTo("CANCELLED");
    String nothingLeft =
        given()
            .post("/api/v1/pipelines/" + id + "/cancel")
            .then()
            .statusCode(409)
            .contentType("application/problem+json")
            .extract()
            .path("detail");
    assertThat(nothingLeft).contains("nothing to cancel");

    JsonPath retried =
        given()
            .post("/api/v1/pipelines/" + id + "/retry")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(retried.getInt("changed")).isEqualTo(2);
    assertThat(task(slow).getString("status")).isIn("WAITING", "QUEUED", "RUNNING");
    given().post("/api/v1/pipelines/" + id + "/cancel").then().statusCode(200);
    given().post("/api/v1/pipelines/0123456789abcdef01234567/cancel").then().statusCode(404);
  }
}
