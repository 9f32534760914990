package dev.taskmill.api;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.testing.ModulesApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PipelineAndLineageTest {

  @Inject DataRepository data;

  @BeforeEach
  void echoModuleIsAvailable() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
  }

  private static Map<String, Object> step(String name, Object input, String suffix) {
    return Map.of(
        "name",
        name,
        "module",
        "tm-echo",
        "inputs",
        Map.of("text", input),
        "params",
        Map.of("suffix", suffix));
  }

  private static Map<String, String> from(String step) {
    return Map.of("step", step, "output", "echo");
  }

  private static JsonPath post(Object body, int status) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/pipelines")
        .then()
        .statusCode(status)
        .extract()
        .jsonPath();
  }

  @Test
  void aPipelineRunsItsStepsInDependencyOrderAndInParallel() {
    String input = textItem(data, "x");
    // Listed out of order on purpose: creation follows the references, not the list.
    JsonPath created =
        post(
            Map.of(
                "label",
                "demo",
                "steps",
                List.of(
                    step("second", from("first"), "2"),
                    step("third", from("first"), "3"),
                    step("first", input, "1"))),
            201);
    assertThat(created.getString("status")).isEqualTo("ACTIVE");
    assertThat(created.getList("steps.name")).containsExactly("first", "second", "third");

    for (String taskId : created.getList("steps.taskId", String.class)) {
      JsonPath task = await(taskId, "SUCCEEDED");
      assertThat(task.getString("pipelineId")).isEqualTo(created.getString("id"));
    }
    JsonPath done =
        given()
            .get("/api/v1/pipelines/" + created.getString("id"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
    assertThat(done.getString("steps[0].outputs.echo.status")).isEqualTo("AVAILABLE");
    assertThat(content(done.getString("steps[1].outputs.echo.id"))).isEqualTo("x12");
    assertThat(content(done.getString("steps[2].outputs.echo.id"))).isEqualTo("x13");

    String middle = done.getString("steps[0].outputs.echo.id");
    JsonPath lineage =
        given()
            .get("/api/v1/data/" + middle + "/lineage")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(lineage.getList("tasks.id", String.class))
        .containsExactlyInAnyOrderElementsOf(created.getList("steps.taskId", String.class));
    assertThat(lineage.getList("items.id", String.class)).contains(input, middle).hasSize(6);
    List<Map<String, String>> edges = lineage.getList("edges");
    assertThat(edges)
        .contains(
            Map.of("from", input, "to", done.getString("steps[0].taskId"), "port", "text"),
            Map.of("from", done.getString("steps[0].taskId"), "to", middle, "port", "echo"),
            Map.of("from", middle, "to", done.getString("steps[1].taskId"), "port", "text"));
    assertThat(lineage.getBoolean("truncated")).isFalse();
  }

  @Test
  void pipelinesAreListedNewestFirstWithTheirStepsAndFilteredByLabel() {
    String input = textItem(data, "z");
    String tag = "list-" + System.nanoTime();
    String older =
        post(Map.of("label", tag + "-a", "steps", List.of(step("only", input, "a"))), 201)
            .getString("id");
    String newer =
        post(
                Map.of(
                    "label",
                    tag + "-b",
                    "steps",
                    List.of(step("one", input, "b"), step("two", from("one"), "c"))),
                201)
            .getString("id");

    JsonPath page =
        given()
            .queryParam("label", tag.toUpperCase())
            .get("/api/v1/pipelines")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(page.getList("items.id", String.class)).containsExactly(newer, older);
    assertThat(page.getLong("total")).isEqualTo(2);
    assertThat(page.getList("items[0].steps.name")).containsExactly("one", "two");
    assertThat(page.getString("items[0].steps[1].module")).isEqualTo("tm-echo");
    assertThat(page.getString("items[0].steps[0].outputs.echo.kind")).isEqualTo("TEXT");
    assertThat(page.getString("items[0].status")).isIn("ACTIVE", "SUCCEEDED");

    JsonPath second =
        given()
            .queryParam("label", tag)
            .queryParam("size", 1)
            .queryParam("page", 1)
            .get("/api/v1/pipelines")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(second.getList("items.id", String.class)).containsExactly(older);
    assertThat(second.getLong("total")).isEqualTo(2);

    for (String query : new String[] {"size=0", "size=501", "page=-1", "size=ten"}) {
      given()
          .get("/api/v1/pipelines?" + query)
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
  }

  private String content(String itemId) {
    return data.find(itemId).map(item -> item.text).orElse(null);
  }

  @Test
  void anInvalidPipelineCreatesNothingAndNamesEachProblem() {
    String input = textItem(data, "y");
    long tasks = Task.count();
    long items = DataItem.count();

    JsonPath unknownStep = post(Map.of("steps", List.of(step("a", from("nope"), "1"))), 422);
    assertThat(unknownStep.getString("detail"))
        .contains("steps.a.inputs.text")
        .contains("no step 'nope'");

    JsonPath cycle =
        post(Map.of("steps", List.of(step("a", from("b"), "1"), step("b", from("a"), "2"))), 422);
    assertThat(cycle.getString("detail")).contains("cycle");

    JsonPath badOutput =
        post(
            Map.of(
                "steps",
                List.of(
                    step("a", input, "1"), step("b", Map.of("step", "a", "output", "nope"), "2"))),
            422);
    assertThat(badOutput.getString("detail"))
        .contains("has no output 'nope'")
        .contains("echo, file");

    JsonPath badParams =
        post(
            Map.of(
                "steps",
                List.of(
                    step("a", input, "1"), step("b", from("a"), "far too long a suffix for it"))),
            422);
    assertThat(badParams.getList("errors.field", String.class)).contains("steps.b.params.suffix");

    post(Map.of("steps", List.of()), 422);
    post(Map.of("steps", List.of(step("a", input, "1"), step("a", input, "2"))), 422);

    assertThat(Task.count()).isEqualTo(tasks);
    assertThat(DataItem.count()).isEqualTo(items);
  }

  @Test
  void unknownPipelinesAndItems() {
    given()
        .get("/api/v1/pipelines/xyz")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .get("/api/v1/pipelines/" + DataRepository.newId())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .get("/api/v1/data/" + DataRepository.newId() + "/lineage")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }
}
