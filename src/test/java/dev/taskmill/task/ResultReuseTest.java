package dev.taskmill.task;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.create;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.testing.DataApi;
import dev.taskmill.testing.ModulesApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Result reuse through the API, with real module processes: tm-echo and tm-unreusable count their
 * runs in the file a task's {@code counterFile} param names, so "the module did not run" is read
 * from that file, not inferred.
 */
@QuarkusTest
class ResultReuseTest {

  private Path counter;

  @BeforeEach
  void modulesAreAvailable() throws IOException {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    ModulesApi.awaitStatus("tm-unreusable", "AVAILABLE");
    Path dir = Files.createDirectories(Path.of("target", "reuse-counters")).toAbsolutePath();
    counter = dir.resolve(UUID.randomUUID() + ".count");
  }

  /** How often a module ran with this test's counter file. */
  private int runs() throws IOException {
    return Files.exists(counter) ? Integer.parseInt(Files.readString(counter).strip()) : 0;
  }

  /** A new inline TEXT item, through the API. */
  private static String text(String text) {
    return DataApi.inline(Map.of("kind", "TEXT", "text", text)).getString("id");
  }

  private Map<String, Object> echo(String input, String suffix, Boolean reuse) {
    Map<String, Object> body = new HashMap<>();
    body.put("module", "tm-echo");
    body.put("inputs", Map.of("text", input));
    body.put("params", Map.of("suffix", suffix, "counterFile", counter.toString()));
    if (reuse != null) {
      body.put("reuse", reuse);
    }
    return body;
  }

  private static JsonPath succeeded(Map<String, Object> body) {
    return await(create(body).getString("id"), "SUCCEEDED");
  }

  private static String content(JsonPath task, String port) {
    return new String(DataApi.content(task.getString("outputs." + port)), StandardCharsets.UTF_8);
  }

  @Test
  void aSecondIdenticalTaskTakesTheFirstsResultWithoutRunningTheModule() throws IOException {
    String input = text("same words");
    JsonPath first = succeeded(echo(input, "!", true));
    assertThat(runs()).isOne();
    assertThat(first.getBoolean("reuse")).isTrue();
    assertThat(first.getString("reusedFrom")).isNull();

    // Other item, same content; params given in another order: the same result.
    Map<String, Object> again = echo(text("same words"), "!", true);
    again.put("params", Map.of("counterFile", counter.toString(), "suffix", "!"));
    JsonPath second = succeeded(again);

    assertThat(runs()).as("the module ran again").isOne();
    assertThat(second.getString("reusedFrom")).isEqualTo(first.getString("id"));
    assertThat(second.getList("attempts.outcome")).containsExactly("REUSED");
    assertThat(second.getString("attempts[0].message"))
        .isEqualTo(
            "reused the result of task "
                + first.getString("id")
                + " instead of running the module");
    assertThat(second.getDouble("progress.fraction")).isEqualTo(1.0);
    for (String port : List.of("echo", "file")) {
      assertThat(second.getString("outputs." + port))
          .isNotEqualTo(first.getString("outputs." + port));
      assertThat(content(second, port)).isEqualTo(content(first, port)).isEqualTo("same words!");
      JsonPath item =
          given()
              .get("/api/v1/data/" + second.getString("outputs." + port))
              .then()
              .extract()
              .jsonPath();
      assertThat(item.getString("status")).isEqualTo("AVAILABLE");
      assertThat(item.getString("producerTaskId")).isEqualTo(second.getString("id"));
    }

    JsonPath lineage =
        given()
            .get("/api/v1/data/" + second.getString("outputs.file") + "/lineage")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(
            lineage.getString(
                "tasks.find { it.id == '" + second.getString("id") + "' }.reusedFrom"))
        .isEqualTo(first.getString("id"));

    // The copies are the second task's own: deleting the first's outputs leaves them readable.
    for (String port : List.of("echo", "file")) {
      given().delete("/api/v1/data/" + first.getString("outputs." + port)).then().statusCode(204);
      assertThat(content(second, port)).isEqualTo("same words!");
    }
  }

  /** The dashboard's run count of {@code module} (this instance's reads include its own runs). */
  private static int dashboardRuns(String module) {
    Integer runs =
        given()
            .get("/api/v1/dashboard")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .get("modules.find { it.module == '" + module + "' }.runs");
    return runs == null ? 0 : runs;
  }

  @Test
  void aReusedResultIsNotCountedAsARunOfTheModule() throws IOException {
    int before = dashboardRuns("tm-echo");
    String input = text("counted once");
    succeeded(echo(input, "#", true));
    JsonPath reused = succeeded(echo(input, "#", true));
    // A run after the reused task: once it is counted, the reused task's end was settled too.
    succeeded(echo(input, "other", false));

    assertThat(reused.getList("attempts.outcome")).containsExactly("REUSED");
    assertThat(runs()).as("the module ran for the first and the last task").isEqualTo(2);
    // A reused result ran nothing: counted, it would pull the module's typical run time (and so
    // every ETA) towards zero.
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> dashboardRuns("tm-echo") >= before + 2);
    assertThat(dashboardRuns("tm-echo")).isEqualTo(before + 2);
  }

  @Test
  void aTaskOfABatchReusesToo() throws IOException {
    String input = text("batched");
    JsonPath first = succeeded(echo(input, "", true));
    String id =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("tasks", List.of(echo(input, "", true))))
            .post("/api/v1/tasks/batch")
            .then()
            .statusCode(201)
            .extract()
            .path("tasks[0].id");
    assertThat(await(id, "SUCCEEDED").getString("reusedFrom")).isEqualTo(first.getString("id"));
    assertThat(runs()).isOne();
  }

  @Test
  void reuseThatIsNotABooleanIsABadRequestThatCreatesNothing() {
    Map<String, Object> body = echo(text("not a flag"), "", null);
    body.put("reuse", List.of(true));
    long before = given().get("/api/v1/tasks").then().extract().jsonPath().getLong("total");
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/tasks")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", org.hamcrest.Matchers.containsString("reuse"));
    assertThat(given().get("/api/v1/tasks").then().extract().jsonPath().getLong("total"))
        .isEqualTo(before);
  }

  @Test
  void withoutReuseTheModuleRunsAgain() throws IOException {
    String input = text("run me twice");
    succeeded(echo(input, "?", true));
    JsonPath plain = succeeded(echo(input, "?", null));
    JsonPath off = succeeded(echo(input, "?", false));
    assertThat(runs()).isEqualTo(3);
    assertThat(plain.getBoolean("reuse")).isFalse();
    assertThat(plain.getString("reusedFrom")).isNull();
    assertThat(off.getString("reusedFrom")).isNull();
    assertThat(off.getList("attempts.outcome")).containsExactly("SUCCEEDED");
  }

  @Test
  void otherParamsOrOtherInputContentRunTheModule() throws IOException {
    String input = text("one text");
    JsonPath first = succeeded(echo(input, "1", true));
    JsonPath otherParams = succeeded(echo(input, "2", true));
    JsonPath otherInput = succeeded(echo(text("another text"), "1", true));
    assertThat(runs()).isEqualTo(3);
    assertThat(otherParams.getString("reusedFrom")).isNull();
    assertThat(content(otherParams, "echo")).isEqualTo("one text2");
    assertThat(otherInput.getString("reusedFrom")).isNull();
    assertThat(content(otherInput, "echo")).isEqualTo("another text1");
    // And the same again still reuses the first of them.
    assertThat(succeeded(echo(input, "1", true)).getString("reusedFrom"))
        .isEqualTo(first.getString("id"));
    assertThat(runs()).isEqualTo(3);
  }

  @Test
  void aModuleThatIsNotReusableRunsEveryTime() throws IOException {
    assertThat(ModulesApi.module("tm-unreusable").getBoolean("reusable")).isFalse();
    assertThat(ModulesApi.module("tm-echo").getBoolean("reusable")).isTrue();
    String input = text("random");
    Map<String, Object> body =
        Map.of(
            "module",
            "tm-unreusable",
            "inputs",
            Map.of("text", input),
            "params",
            Map.of("counterFile", counter.toString()),
            "reuse",
            true);
    succeeded(body);
    JsonPath second = succeeded(body);
    assertThat(runs()).isEqualTo(2);
    assertThat(second.getString("reusedFrom")).isNull();
  }

  @Test
  void whenTheEarlierOutputsAreDeletedTheModuleRuns() throws IOException {
    String input = text("deleted later");
    JsonPath first = succeeded(echo(input, "", true));
    given().delete("/api/v1/data/" + first.getString("outputs.file")).then().statusCode(204);
    JsonPath second = succeeded(echo(input, "", true));
    assertThat(runs()).isEqualTo(2);
    assertThat(second.getString("reusedFrom")).isNull();
    assertThat(content(second, "file")).isEqualTo("deleted later");
    // Its own result is reusable in turn.
    assertThat(succeeded(echo(input, "", true)).getString("reusedFrom"))
        .isEqualTo(second.getString("id"));
    assertThat(runs()).isEqualTo(2);
  }

  @Test
  void anotherUsersResultIsNeverTaken() throws IOException {
    String input = text("private words");
    succeeded(echo(input, "", true));
    String user = "reuse-" + UUID.randomUUID().toString().substring(0, 8);
    String key =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("user", user, "role", "user", "name", "reuse test"))
            .post("/api/v1/keys")
            .then()
            .statusCode(201)
            .extract()
            .path("key");
    String theirs =
        given()
            .header("Authorization", "Bearer " + key)
            .contentType(ContentType.JSON)
            .body(Map.of("kind", "TEXT", "text", "private words"))
            .post("/api/v1/data")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String id =
        given()
            .header("Authorization", "Bearer " + key)
            .contentType(ContentType.JSON)
            .body(echo(theirs, "", true))
            .post("/api/v1/tasks")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    JsonPath task = await(id, "SUCCEEDED");
    assertThat(runs()).isEqualTo(2);
    assertThat(task.getString("reusedFrom")).isNull();
  }

  @Test
  void aChainedTaskReusesOnceItsInputIsAvailable() throws IOException {
    // The result to reuse: echo of an upstream echo's output.
    JsonPath upstream = succeeded(echoWithoutCounter(text("chain"), "1"));
    JsonPath first = succeeded(echo(upstream.getString("outputs.echo"), "2", true));
    assertThat(runs()).isOne();

    // A pipeline whose second step waits for the first: its input is PENDING when it is created.
    Map<String, Object> produce = new HashMap<>(echoWithoutCounter(text("chain"), "1"));
    produce.put("name", "produce");
    produce.put("params", Map.of("suffix", "1", "sleep", 1));
    Map<String, Object> consume = new HashMap<>(echo("placeholder", "2", true));
    consume.put("name", "consume");
    consume.put("inputs", Map.of("text", Map.of("step", "produce", "output", "echo")));
    JsonPath pipeline =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("label", "reuse chain", "steps", List.of(produce, consume)))
            .post("/api/v1/pipelines")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    String consumer = pipeline.getString("steps.find { it.name == 'consume' }.taskId");
    assertThat(pipeline.getString("steps.find { it.name == 'consume' }.status"))
        .isEqualTo("WAITING");

    JsonPath reused = await(consumer, "SUCCEEDED");
    assertThat(runs()).as("the chained task ran its module").isOne();
    assertThat(reused.getString("reusedFrom")).isEqualTo(first.getString("id"));
    assertThat(content(reused, "echo")).isEqualTo("chain12");
  }

  private static Map<String, Object> echoWithoutCounter(String input, String suffix) {
    return Map.of(
        "module", "tm-echo", "inputs", Map.of("text", input), "params", Map.of("suffix", suffix));
  }
}
