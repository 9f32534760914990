package dev.taskmill.api;

import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.dbwrites.DatabaseWrites;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.testing.ApiKeyCallback;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/tasks/batch: the whole batch is checked before anything is stored, every task is
 * created in the order given and runs, and a bad batch stores nothing.
 */
@QuarkusTest
class TaskBatchTest {

  @Inject TaskRepository taskRepository;
  @Inject DataRepository data;
  @Inject DatabaseWrites writes;

  @BeforeEach
  void echoIsAvailable() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
  }

  private Map<String, Object> echo(String input, String label) {
    Map<String, Object> task = new HashMap<>();
    task.put("module", "tm-echo");
    task.put("inputs", Map.of("text", input));
    task.put("label", label);
    return task;
  }

  private static RequestSpecification as(String key) {
    return given().header("Authorization", "Bearer " + key);
  }

  private static JsonPath post(RequestSpecification request, Object tasks, int status) {
    return request
        .contentType(ContentType.JSON)
        .body(tasks instanceof List<?> ? Map.of("tasks", tasks) : tasks)
        .post("/api/v1/tasks/batch")
        .then()
        .statusCode(status)
        .extract()
        .jsonPath();
  }

  /** Posts a batch that must be refused with {@code status}; checks nothing was stored. */
  private JsonPath refused(Object tasks, int status) {
    long taskCount = Task.count();
    long itemCount = DataItem.count();
    JsonPath problem =
        given()
            .contentType(ContentType.JSON)
            .body(tasks instanceof List<?> ? Map.of("tasks", tasks) : tasks)
            .post("/api/v1/tasks/batch")
            .then()
            .statusCode(status)
            .contentType("application/problem+json")
            .extract()
            .jsonPath();
    assertThat(Task.count()).as("tasks stored").isEqualTo(taskCount);
    assertThat(DataItem.count()).as("items stored").isEqualTo(itemCount);
    assertThat(problem.getString("detail")).isNotBlank();
    return problem;
  }

  @Test
  void createsEveryTaskInOrderWithPendingOutputsAndTheyRun() {
    String input = textItem(data, "batch");
    long taskInsertsBefore = writes.count("tasks");
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tasks.add(echo(input, "batch-" + i));
    }
    JsonPath created = post(given(), tasks, 201);
    List<String> labels = created.getList("tasks.label", String.class);
    assertThat(labels).containsExactly("batch-0", "batch-1", "batch-2", "batch-3", "batch-4");
    List<String> ids = created.getList("tasks.id", String.class);
    assertThat(ids).doesNotHaveDuplicates();
    for (int i = 0; i < ids.size(); i++) {
      String echoOutput = created.getString("tasks[" + i + "].outputs.echo");
      assertThat(data.find(echoOutput))
          .get()
          .extracting(item -> item.producerTaskId)
          .isEqualTo(ids.get(i));
    }
    assertThat(data.find(input).orElseThrow().consumers).containsAll(ids);
    for (int i = 0; i < ids.size(); i++) {
      JsonPath done = TasksApi.await(ids.get(i), "SUCCEEDED");
      assertThat(data.find(done.getString("outputs.echo")).orElseThrow().text).isEqualTo("batch");
    }
    assertThat(writes.count("tasks"))
        .as("write commands on tasks")
        .isGreaterThan(taskInsertsBefore);
    assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
        .contains("taskmill_db_writes_total{collection=\"tasks\",command=\"insert\"");
  }

  @Test
  void oneInvalidTaskRefusesTheWholeBatchNamingEachBadTaskByIndex() {
    String input = textItem(data, "x");
    Map<String, Object> noInput = new HashMap<>(Map.of("module", "tm-echo"));
    List<Map<String, Object>> tasks =
        List.of(echo(input, "ok-0"), echo(input, "bad-1"), noInput, echo(input, "ok-3"));
    tasks.get(1).put("module", "no-such-module");
    tasks.get(3).put("maxAttempts", 99);
    JsonPath problem = refused(tasks, 422);
    assertThat(problem.getList("errors.field", String.class))
        .containsExactlyInAnyOrder(
            "tasks[1].module", "tasks[2].inputs.text", "tasks[3].maxAttempts");
    assertThat(problem.getString("detail")).contains("there is no module 'no-such-module'");
  }

  @Test
  void emptyOversizedNullAndMissingBatchesAreRefused() {
    assertThat(refused(List.of(), 422).getString("errors[0].field")).isEqualTo("tasks");
    assertThat(refused(Map.of(), 422).getString("errors[0].field")).isEqualTo("tasks");
    String input = textItem(data, "x");
    List<Map<String, Object>> tooMany = Collections.nCopies(1001, echo(input, "too-many"));
    assertThat(refused(tooMany, 422).getString("detail"))
        .contains("at most 1,000 tasks in one batch; this one has 1,001");
    List<Object> withNull = new ArrayList<>();
    withNull.add(echo(input, "fine"));
    withNull.add(null);
    assertThat(refused(withNull, 422).getList("errors.field", String.class))
        .containsExactly("tasks[1]");
    given()
        .contentType(ContentType.JSON)
        .post("/api/v1/tasks/batch")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  // Tagged bulk: CI's FerretDB pass leaves it out. On FerretDB's SQLite backend the thousand
  // tasks and items slow that shared database down for the tests that follow.
  @Test
  void theAnswerIsEachTaskAsStored() {
    String input = textItem(data, "as stored");
    JsonPath gateTask = TasksApi.delayedEcho(data, "gate", 3600);
    String gate = gateTask.getString("outputs.echo");
    List<Map<String, Object>> tasks = new ArrayList<>();
    tasks.add(echo(input, "stored-ready"));
    tasks.add(echo(gate, "stored-waiting"));
    Map<String, Object> delayed = new java.util.HashMap<>(echo(input, "stored-delayed"));
    delayed.put("delaySeconds", 3600);
    tasks.add(delayed);
    JsonPath created = post(given(), tasks, 201);
    List<String> ids = created.getList("tasks.id", String.class);
    assertThat(created.getList("tasks.status", String.class))
        .containsExactly("QUEUED", "WAITING", "WAITING");
    for (int i = 1; i < ids.size(); i++) {
      JsonPath stored = TasksApi.task(ids.get(i));
      for (String field : List.of("status", "createdAt", "notBefore", "label", "outputs")) {
        assertThat(stored.<Object>get(field))
            .as(field + " of task " + i)
            .isEqualTo(created.get("tasks[" + i + "]." + field));
      }
    }
    // The waiting and the delayed task must not run later in the shared test service.
    taskRepository.deleteAll(ids.subList(1, 3));
    data.deleteAll(
        List.of(
            created.getString("tasks[1].outputs.echo"),
            created.getString("tasks[2].outputs.echo")));
    given().post("/api/v1/tasks/" + gateTask.getString("id") + "/cancel").then().statusCode(200);
  }

  @Test
  @Tag("bulk")
  void aThousandTasksAreCreatedInOneRequest() {
    JsonPath gateTask = TasksApi.delayedEcho(data, "gate", 3600);
    String gate = gateTask.getString("outputs.echo");
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      tasks.add(echo(gate, "thousand-" + i));
    }
    JsonPath created = post(given(), tasks, 201);
    assertThat(created.getList("tasks.label", String.class))
        .hasSize(1000)
        .startsWith("thousand-0", "thousand-1")
        .endsWith("thousand-999");
    // They wait on a PENDING output of an existing task (a chain across requests).
    assertThat(created.getList("tasks.status", String.class)).containsOnly("WAITING");
    assertThat(data.find(gate).orElseThrow().consumers).hasSize(1000);
    // The thousand must not run later in the shared test service (a clock-driven test moves the
    // clock past the gate's delay). Removed in one write: cancelling the gate would fail them one
    // by one in the request, which takes longer than the client waits on FerretDB.
    // Their PENDING outputs go with them, or the orphan sweep would fail them one by one later.
    taskRepository.deleteAll(created.getList("tasks.id", String.class));
    List<String> outputs = new ArrayList<>();
    for (Map<String, String> ports : created.<Map<String, String>>getList("tasks.outputs")) {
      outputs.addAll(ports.values());
    }
    assertThat(outputs).hasSizeGreaterThanOrEqualTo(1000);
    data.deleteAll(outputs);
  }

  @Test
  void anInputCannotBeAnOutputOfATaskInTheSameBatch() {
    JsonPath problem =
        refused(List.of(echo(textItem(data, "x"), "first"), echo("0", "second")), 422);
    assertThat(problem.getList("errors.field", String.class))
        .containsExactly("tasks[1].inputs.text");
  }

  @Test
  void tasksBelongToTheCallerWhoSeesOnlyTheirOwnInputs() {
    String alice = key("batch-alice");
    String bob = key("batch-bob");
    String bobsItem =
        as(bob)
            .contentType(ContentType.JSON)
            .body(Map.of("kind", "TEXT", "text", "bob's"))
            .post("/api/v1/data")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String alicesItem =
        as(alice)
            .contentType(ContentType.JSON)
            .body(Map.of("kind", "TEXT", "text", "alice's"))
            .post("/api/v1/data")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    long taskCount = Task.count();
    JsonPath refusedForAlice =
        post(as(alice), List.of(echo(alicesItem, "mine"), echo(bobsItem, "his")), 422);
    assertThat(refusedForAlice.getString("detail"))
        .contains("tasks[1].inputs.text: there is no data item '" + bobsItem + "'");
    assertThat(Task.count()).isEqualTo(taskCount);
    JsonPath created = post(as(alice), List.of(echo(alicesItem, "mine")), 201);
    String id = created.getString("tasks[0].id");
    as(alice).get("/api/v1/tasks/" + id).then().statusCode(200);
    as(bob).get("/api/v1/tasks/" + id).then().statusCode(404);
    given()
        .header("Authorization", ApiKeyCallback.NO_KEY)
        .contentType(ContentType.JSON)
        .body(Map.of("tasks", List.of(echo(alicesItem, "anonymous"))))
        .post("/api/v1/tasks/batch")
        .then()
        .statusCode(401);
  }

  private static String key(String user) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("user", user, "role", "user", "name", "batch test key"))
        .post("/api/v1/keys")
        .then()
        .statusCode(201)
        .extract()
        .path("key");
  }
}
