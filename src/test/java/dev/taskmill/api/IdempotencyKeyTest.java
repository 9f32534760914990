package dev.taskmill.api;

import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataRepository;
import dev.taskmill.idempotency.IdempotencyKeys;
import dev.taskmill.testing.DataApi;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.SettableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key on the creating endpoints, over real HTTP: a repeat answers the first response
 * and creates nothing; another request with the key is a 422; concurrent repeats create one thing;
 * keys are per user and expire on the service's clock.
 */
@QuarkusTest
class IdempotencyKeyTest {

  @Inject DataRepository data;
  @Inject SettableClock clock;
  @Inject IdempotencyKeys keys;

  @BeforeEach
  void echoModuleIsAvailable() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
  }

  @AfterEach
  void realTimeAgain() {
    clock.release();
  }

  private Map<String, Object> echo(String label) {
    return Map.of(
        "module", "tm-echo", "label", label, "inputs", Map.of("text", textItem(data, "x")));
  }

  private static Response post(String path, Object body, String key) {
    return given()
        .contentType(ContentType.JSON)
        .header("Idempotency-Key", key)
        .body(body)
        .post(path);
  }

  private static int tasksLabelled(String label) {
    return given().queryParam("label", label).get("/api/v1/tasks").then().extract().path("total");
  }

  private static String newKey() {
    return UUID.randomUUID().toString();
  }

  @Test
  void aRepeatAnswersTheFirstResponseAndCreatesNothing() {
    String label = "idem-" + newKey();
    Map<String, Object> body = echo(label);
    String key = newKey();

    Response first = post("/api/v1/tasks", body, key);
    first.then().statusCode(201);
    assertThat(first.header("Idempotent-Replayed")).isNull();

    Response again = post("/api/v1/tasks", body, key);
    again.then().statusCode(201).header("Idempotent-Replayed", "true");
    assertThat(again.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));
    assertThat(again.jsonPath().getMap("outputs")).isEqualTo(first.jsonPath().getMap("outputs"));
    assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    assertThat(tasksLabelled(label)).isEqualTo(1);

    // The key as an RFC 8941 string is the same key.
    post("/api/v1/tasks", body, "\"" + key + "\"")
        .then()
        .statusCode(201)
        .header("Idempotent-Replayed", "true");
    assertThat(tasksLabelled(label)).isEqualTo(1);
  }

  @Test
  void theKeyWithAnotherRequestIsA422AndCreatesNothing() {
    String label = "idem-" + newKey();
    String key = newKey();
    post("/api/v1/tasks", echo(label), key).then().statusCode(201);

    String other = label + "-other";
    Response reused = post("/api/v1/tasks", echo(other), key);
    reused.then().statusCode(422).contentType("application/problem+json");
    assertThat(reused.jsonPath().getString("detail"))
        .contains("Idempotency-Key")
        .contains("different request");
    assertThat(tasksLabelled(other)).isZero();

    // Another endpoint is another request too.
    post("/api/v1/data", Map.of("kind", "TEXT", "text", "t"), key).then().statusCode(422);
  }

  @Test
  void concurrentRequestsWithOneKeyCreateOneTask() throws Exception {
    String label = "idem-" + newKey();
    Map<String, Object> body = echo(label);
    String key = newKey();
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Response>> answers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<Response> call =
            () -> {
              start.await();
              return post("/api/v1/tasks", body, key);
            };
        answers.add(pool.submit(call));
      }
      start.countDown();
      List<String> ids = new ArrayList<>();
      for (Future<Response> answer : answers) {
        Response response = answer.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isIn(201, 409);
        if (response.statusCode() == 201) {
          ids.add(response.jsonPath().getString("id"));
        } else {
          assertThat(response.jsonPath().getString("detail")).contains("still being served");
        }
      }
      assertThat(ids).isNotEmpty();
      assertThat(ids).allMatch(id -> id.equals(ids.get(0)));
      assertThat(tasksLabelled(label)).isEqualTo(1);
      // Once the first is answered, every repeat gets its answer.
      Response later = post("/api/v1/tasks", body, key);
      later.then().statusCode(201).header("Idempotent-Replayed", "true");
      assertThat(later.jsonPath().getString("id")).isEqualTo(ids.get(0));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keysBelongToTheirUser() {
    String alice = userKey("alice-idem");
    String bob = userKey("bob-idem");
    String label = "idem-" + newKey();
    Map<String, Object> aliceBody =
        Map.of("kind", "TEXT", "text", "same", "label", label, "tags", List.of(label));
    String key = newKey();
    Response forAlice =
        given()
            .header("Authorization", "Bearer " + alice)
            .header("Idempotency-Key", key)
            .contentType(ContentType.JSON)
            .body(aliceBody)
            .post("/api/v1/data");
    Response forBob =
        given()
            .header("Authorization", "Bearer " + bob)
            .header("Idempotency-Key", key)
            .contentType(ContentType.JSON)
            .body(aliceBody)
            .post("/api/v1/data");
    forAlice.then().statusCode(201);
    forBob.then().statusCode(201);
    assertThat(forBob.header("Idempotent-Replayed")).isNull();
    assertThat(forBob.jsonPath().getString("id")).isNotEqualTo(forAlice.jsonPath().getString("id"));
    // Bob's answer is his own item, not a replay of Alice's.
    given()
        .header("Authorization", "Bearer " + bob)
        .get("/api/v1/data/" + forAlice.jsonPath().getString("id"))
        .then()
        .statusCode(404);
  }

  @Test
  void aKeyIsForgottenAfterItsTime() {
    clock.freeze();
    String label = "idem-" + newKey();
    Map<String, Object> body = echo(label);
    String key = newKey();
    String first = post("/api/v1/tasks", body, key).then().statusCode(201).extract().path("id");

    clock.advance(Duration.ofHours(24).minusSeconds(1));
    Response within = post("/api/v1/tasks", body, key);
    within.then().statusCode(201).header("Idempotent-Replayed", "true");
    assertThat(within.jsonPath().getString("id")).isEqualTo(first);

    clock.advance(Duration.ofSeconds(1));
    Response after = post("/api/v1/tasks", body, key);
    after.then().statusCode(201);
    assertThat(after.header("Idempotent-Replayed")).isNull();
    assertThat(after.jsonPath().getString("id")).isNotEqualTo(first);
    assertThat(tasksLabelled(label)).isEqualTo(2);

    // The clean-up deletes what expired and keeps the rest.
    clock.advance(Duration.ofHours(24));
    String fresh = newKey();
    post("/api/v1/tasks", echo("idem-" + newKey()), fresh).then().statusCode(201);
    assertThat(keys.deleteExpired()).isGreaterThanOrEqualTo(1);
    post("/api/v1/tasks", echo("idem-" + newKey()), fresh).then().statusCode(422);
  }

  @Test
  void anUploadRepeatAnswersTheFirstItemAndAnotherFileIsA422() {
    String tag = DataApi.uniqueTag();
    byte[] bytes = ("upload " + tag).getBytes(StandardCharsets.UTF_8);
    String key = newKey();
    Response first = upload(bytes, tag, key);
    first.then().statusCode(201);
    assertThat(first.jsonPath().getString("sha256")).isEqualTo(DataApi.sha256(bytes));

    Response again = upload(bytes, tag, key);
    again.then().statusCode(201).header("Idempotent-Replayed", "true");
    assertThat(again.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));

    byte[] other = ("another " + tag).getBytes(StandardCharsets.UTF_8);
    upload(other, tag, key).then().statusCode(422);
    assertThat(itemsTagged(tag)).isEqualTo(1);
  }

  @Test
  void theBatchPipelineAndInlineEndpointsReplayToo() {
    String label = "idem-" + newKey();
    Map<String, Object> batch = Map.of("tasks", List.of(echo(label), echo(label)));
    String key = newKey();
    List<String> ids =
        post("/api/v1/tasks/batch", batch, key).then().statusCode(201).extract().path("tasks.id");
    post("/api/v1/tasks/batch", batch, key)
        .then()
        .statusCode(201)
        .header("Idempotent-Replayed", "true");
    assertThat(ids).hasSize(2);
    assertThat(tasksLabelled(label)).isEqualTo(2);

    Map<String, Object> pipeline =
        Map.of(
            "label",
            label,
            "steps",
            List.of(
                Map.of("name", "one", "module", "tm-echo", "inputs", echo(label).get("inputs"))));
    String pipelineKey = newKey();
    String pipelineId =
        post("/api/v1/pipelines", pipeline, pipelineKey)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Response pipelineAgain = post("/api/v1/pipelines", pipeline, pipelineKey);
    pipelineAgain.then().statusCode(201).header("Idempotent-Replayed", "true");
    assertThat(pipelineAgain.jsonPath().getString("id")).isEqualTo(pipelineId);
    assertThat(
            given()
                .queryParam("label", label)
                .get("/api/v1/pipelines")
                .then()
                .extract()
                .<Integer>path("total"))
        .isEqualTo(1);

    String tag = DataApi.uniqueTag();
    Map<String, Object> inline = Map.of("kind", "TEXT", "text", "t", "tags", List.of(tag));
    String inlineKey = newKey();
    post("/api/v1/data", inline, inlineKey).then().statusCode(201);
    post("/api/v1/data", inline, inlineKey)
        .then()
        .statusCode(201)
        .header("Idempotent-Replayed", "true");
    assertThat(itemsTagged(tag)).isEqualTo(1);
  }

  @Test
  void aFailedFirstRequestLeavesTheKeyFreeForTheCorrectedOne() {
    String label = "idem-" + newKey();
    String key = newKey();
    Map<String, Object> wrong =
        Map.of("module", "no-such-module", "label", label, "inputs", Map.of());
    post("/api/v1/tasks", wrong, key).then().statusCode(422);
    post("/api/v1/tasks", echo(label), key).then().statusCode(201);
    assertThat(tasksLabelled(label)).isEqualTo(1);
  }

  @Test
  void anEmptyOrOverlongKeyIsA400AndCreatesNothing() {
    String label = "idem-" + newKey();
    for (String key : List.of("", "  ", "k".repeat(256), "\"\"")) {
      Response answer = post("/api/v1/tasks", echo(label), key);
      answer.then().statusCode(400).contentType("application/problem+json");
      assertThat(answer.jsonPath().getString("detail")).contains("Idempotency-Key");
    }
    post("/api/v1/tasks", echo(label), "k".repeat(255)).then().statusCode(201);
    assertThat(tasksLabelled(label)).isEqualTo(1);
  }

  @Test
  void theOpenApiDocumentNamesTheHeaderOnEveryCreatingOperation() {
    io.restassured.path.json.JsonPath doc =
        given().accept("application/json").get("/q/openapi").then().extract().jsonPath();
    for (String path : List.of("/api/v1/tasks", "/api/v1/tasks/batch", "/api/v1/pipelines")) {
      assertThat(doc.getList("paths.'" + path + "'.post.parameters.name", String.class))
          .as(path)
          .contains("Idempotency-Key");
      assertThat(doc.getMap("paths.'" + path + "'.post.responses")).containsKeys("409", "422");
    }
    assertThat(doc.getList("paths.'/api/v1/data'.post.parameters.name", String.class))
        .contains("Idempotency-Key");
    assertThat(doc.getString("paths.'/api/v1/tasks/retry'.post.operationId"))
        .isEqualTo("retryTasks");
    assertThat(doc.getString("paths.'/api/v1/tasks/cancel'.post.operationId"))
        .isEqualTo("cancelTasks");
  }

  private static Response upload(byte[] bytes, String tag, String key) {
    return DataApi.multipart(bytes, "note.txt", "text/plain")
        .multiPart("tags", tag)
        .header("Idempotency-Key", key)
        .post("/api/v1/data");
  }

  private static int itemsTagged(String tag) {
    return given().queryParam("tag", tag).get("/api/v1/data").then().extract().path("total");
  }

  private static String userKey(String user) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("user", user, "role", "user", "name", "idempotency test"))
        .post("/api/v1/keys")
        .then()
        .statusCode(201)
        .extract()
        .path("key");
  }
}
