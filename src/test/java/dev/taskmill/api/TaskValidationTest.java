package dev.taskmill.api;

import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.testing.ModulesApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every bad task request is a 4xx problem that names what is wrong, and creates nothing. */
@QuarkusTest
class TaskValidationTest {

  @Inject DataRepository data;

  @BeforeEach
  void modulesAreSetUp() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    ModulesApi.awaitStatus("image-resize", "AVAILABLE");
    ModulesApi.awaitDetectionFinished();
  }

  private JsonPath rejected(Object body, int status) {
    long tasks = Task.count();
    long items = DataItem.count();
    JsonPath problem =
        given()
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/v1/tasks")
            .then()
            .statusCode(status)
            .contentType("application/problem+json")
            .extract()
            .jsonPath();
    assertThat(Task.count()).as("tasks created").isEqualTo(tasks);
    assertThat(DataItem.count()).as("items created").isEqualTo(items);
    assertThat(problem.getString("detail")).isNotBlank();
    return problem;
  }

  private Map<String, Object> echo(Map<String, Object> extra) {
    Map<String, Object> body = new HashMap<>();
    body.put("module", "tm-echo");
    body.put("inputs", Map.of("text", textItem(data, "t")));
    body.putAll(extra);
    return body;
  }

  @Test
  void unknownAndUnavailableModules() {
    assertThat(rejected(Map.of("module", "nope"), 422).getString("errors[0].message"))
        .contains("there is no module 'nope'");
    assertThat(rejected(Map.of("inputs", Map.of()), 422).getString("errors[0].field"))
        .isEqualTo("module");
    assertThat(rejected(Map.of("module", "failing-test"), 422).getString("detail"))
        .contains("FAILED")
        .contains("not AVAILABLE");
  }

  @Test
  void missingUnknownMalformedAndWrongKindInputs() {
    assertThat(rejected(Map.of("module", "tm-echo"), 422).getString("detail"))
        .contains("inputs.text: is required (TEXT)");
    JsonPath unknownPort =
        rejected(
            Map.of("module", "tm-echo", "inputs", Map.of("text", textItem(data, "a"), "nope", "x")),
            422);
    assertThat(unknownPort.getList("errors.field", String.class)).contains("inputs.nope");
    assertThat(unknownPort.getString("detail")).contains("its inputs are text");
    assertThat(
            rejected(Map.of("module", "tm-echo", "inputs", Map.of("text", "abc")), 422)
                .getString("detail"))
        .contains("'abc' is not a data item id");
    java.util.Map<String, Object> nullInput = new HashMap<>();
    nullInput.put("text", null);
    assertThat(rejected(Map.of("module", "tm-echo", "inputs", nullInput), 422).getString("detail"))
        .contains("'null' is not a data item id");
    assertThat(
            rejected(
                    Map.of("module", "tm-echo", "inputs", Map.of("text", DataRepository.newId())),
                    422)
                .getString("detail"))
        .contains("there is no data item");
    assertThat(
            rejected(
                    Map.of(
                        "module",
                        "image-resize",
                        "inputs",
                        Map.of("image", textItem(data, "a")),
                        "params",
                        Map.of("width", 10)),
                    422)
                .getString("detail"))
        .contains("wants IMAGE but data item")
        .contains("is TEXT");
  }

  @Test
  void paramsAreCheckedAgainstTheModuleSchema() {
    JsonPath problem = rejected(echo(Map.of("params", Map.of("suffix", 5, "colour", "red"))), 422);
    List<String> fields = problem.getList("errors.field", String.class);
    assertThat(fields).contains("params.suffix");
    assertThat(problem.getString("detail")).contains("colour");
    assertThat(rejected(echo(Map.of("params", List.of(1))), 422).getString("detail"))
        .contains("params: must be a JSON object");
    assertThat(
            rejected(Map.of("module", "image-resize", "inputs", Map.of(), "params", Map.of()), 422)
                .getString("detail"))
        .contains("inputs.image: is required");
  }

  @Test
  void limitsOnAttemptsTimeoutAndDelay() {
    JsonPath problem =
        rejected(echo(Map.of("maxAttempts", 0, "timeoutSeconds", -1, "delaySeconds", -5)), 422);
    assertThat(problem.getList("errors.field", String.class))
        .containsExactlyInAnyOrder("maxAttempts", "timeoutSeconds", "delaySeconds");
  }

  @Test
  void malformedBodies() {
    given()
        .contentType(ContentType.JSON)
        .body("{not json")
        .post("/api/v1/tasks")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("not valid JSON"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"module\": [1,2]}")
        .post("/api/v1/tasks")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .contentType(ContentType.TEXT)
        .body("module=tm-echo")
        .post("/api/v1/tasks")
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .header("Accept", equalTo("application/json"))
        .body("detail", containsString("reads a body of type application/json"))
        .body("detail", containsString("the request said text/plain"));
  }

  @Test
  void readingTasks() {
    given()
        .get("/api/v1/tasks/zzz")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("not a task id"));
    given()
        .get("/api/v1/tasks/" + DataRepository.newId())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .get("/api/v1/tasks?size=0")
        .then()
        .statusCode(400)
        .body("detail", containsString("size"));
    given().get("/api/v1/tasks?size=abc").then().statusCode(400);
    given()
        .get("/api/v1/tasks?status=DONE")
        .then()
        .statusCode(400)
        .body("detail", containsString("SUCCEEDED"));
    given()
        .get("/api/v1/tasks?module=tm-echo&size=2")
        .then()
        .statusCode(200)
        .body("size", equalTo(2))
        .body("page", equalTo(0));
  }
}
