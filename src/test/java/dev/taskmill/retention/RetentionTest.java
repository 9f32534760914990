package dev.taskmill.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.taskmill.data.DataRepository;
import dev.taskmill.testing.DataApi;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.SettableClock;
import dev.taskmill.testing.TasksApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retention over real HTTP on the embedded server: what expired is deleted with its files by the
 * sweep, on the settable clock; nothing an unfinished task needs goes; /me shows storage use; an
 * admin's quota refuses what would go over it.
 */
@QuarkusTest
class RetentionTest {

  private static final Path FILE_STORE = Path.of("target/test-file-store/objects");

  @Inject SettableClock clock;
  @Inject RetentionSweep sweep;
  @Inject DataRepository data;

  @AfterEach
  void realTimeAgain() {
    clock.release();
  }

  @Test
  void anExpiredFinishedTaskGoesWithItsItemsAndTheirFiles() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    String input = uploadText("to be forgotten " + UUID.randomUUID(), Map.of("ttlSeconds", "3600"));
    String kept = uploadText("kept forever " + UUID.randomUUID(), Map.of());
    JsonPath created =
        TasksApi.create(
            Map.of("module", "tm-echo", "inputs", Map.of("text", input), "ttlSeconds", 3600));
    String task = created.getString("id");
    assertThat(Instant.parse(created.getString("expiresAt")))
        .isEqualTo(Instant.parse(created.getString("createdAt")).plusSeconds(3600));
    TasksApi.await(task, "SUCCEEDED");
    String echo = created.getString("outputs.echo");
    String file = created.getString("outputs.file");
    given()
        .get("/api/v1/data/" + file)
        .then()
        .body("expiresAt", equalTo(created.getString("expiresAt")));
    Path inputFile = storedFile(input);
    Path outputFile = storedFile(file);
    Path keptFile = storedFile(kept);
    assertThat(inputFile).exists();
    assertThat(outputFile).exists();

    clock.freeze();
    clock.advance(Duration.ofMinutes(30));
    sweep.sweep();
    given().get("/api/v1/tasks/" + task).then().statusCode(200);
    given().get("/api/v1/data/" + input).then().statusCode(200);

    clock.advance(Duration.ofMinutes(40));
    RetentionSweep.Result result = sweep.sweep();
    assertThat(result.tasks()).isGreaterThanOrEqualTo(1);
    assertThat(result.items()).isGreaterThanOrEqualTo(3);
    given().get("/api/v1/tasks/" + task).then().statusCode(404);
    for (String id : new String[] {input, echo, file}) {
      given().get("/api/v1/data/" + id).then().statusCode(404);
    }
    assertThat(inputFile).doesNotExist();
    assertThat(outputFile).doesNotExist();

    // No ttl: kept however long it is.
    clock.advance(Duration.ofDays(365 * 11));
    sweep.sweep();
    given().get("/api/v1/data/" + kept).then().statusCode(200).body("expiresAt", nullValue());
    assertThat(keptFile).exists();

    // A second sweep finds nothing more of these.
    assertThat(sweep.sweep().items()).isZero();
  }

  @Test
  void anExpiredInputStaysWhileAWaitingOrQueuedTaskNeedsIt() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    ModulesApi.awaitStatus("tm-gpu", "AVAILABLE");
    String waitingInput = inlineText("for a delayed task", 60L);
    String queuedInput = inlineText("for a gpu task", 60L);
    // Waits a day before it may run.
    String waiting =
        TasksApi.create(
                Map.of(
                    "module",
                    "tm-echo",
                    "inputs",
                    Map.of("text", waitingInput),
                    "delaySeconds",
                    86_400))
            .getString("id");
    // Stays QUEUED: this instance offers no GPU.
    String queued =
        TasksApi.create(Map.of("module", "tm-gpu", "inputs", Map.of("text", queuedInput)))
            .getString("id");
    TasksApi.await(waiting, "WAITING");
    TasksApi.await(queued, "QUEUED");

    clock.freeze();
    clock.advance(Duration.ofMinutes(5));
    RetentionSweep.Result kept = sweep.sweep();
    assertThat(kept.itemsKept()).isGreaterThanOrEqualTo(2);
    given().get("/api/v1/data/" + waitingInput).then().statusCode(200);
    given().get("/api/v1/data/" + queuedInput).then().statusCode(200);

    given().post("/api/v1/tasks/" + waiting + "/cancel").then().statusCode(200);
    sweep.sweep();
    given().get("/api/v1/data/" + waitingInput).then().statusCode(404);
    given().get("/api/v1/data/" + queuedInput).then().statusCode(200);
    // The cancelled task had no ttl of its own: it stays.
    given().get("/api/v1/tasks/" + waiting).then().statusCode(200);

    given().post("/api/v1/tasks/" + queued + "/cancel").then().statusCode(200);
    sweep.sweep();
    given().get("/api/v1/data/" + queuedInput).then().statusCode(404);
  }

  @Test
  void aUsersDefaultTtlAppliesWhenTheRequestGivesNone() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    String key = createKey("ret-default-" + shortId());
    String userId = userId(key);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("defaultTtlSeconds", 120))
        .patch("/api/v1/users/" + userId)
        .then()
        .statusCode(200)
        .body("defaultTtlSeconds", equalTo(120))
        .body("storageQuotaBytes", nullValue());
    as(key).get("/api/v1/me").then().body("defaultTtlSeconds", equalTo(120));

    JsonPath item = inlineAs(key, Map.of("kind", "TEXT", "text", "defaulted"));
    assertThat(Instant.parse(item.getString("expiresAt")))
        .isCloseTo(
            Instant.parse(item.getString("createdAt")).plusSeconds(120),
            within(1, ChronoUnit.SECONDS));
    JsonPath own = inlineAs(key, Map.of("kind", "TEXT", "text", "own ttl", "ttlSeconds", 7200));
    assertThat(Instant.parse(own.getString("expiresAt")))
        .isCloseTo(
            Instant.parse(own.getString("createdAt")).plusSeconds(7200),
            within(1, ChronoUnit.SECONDS));
    JsonPath task =
        as(key)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "module",
                    "tm-echo",
                    "inputs",
                    Map.of("text", item.getString("id")),
                    "delaySeconds",
                    3600))
            .post("/api/v1/tasks")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    assertThat(Instant.parse(task.getString("expiresAt")))
        .isEqualTo(Instant.parse(task.getString("createdAt")).plusSeconds(120));

    // Removed again: new things are kept until deleted.
    Map<String, Object> clear = new HashMap<>();
    clear.put("defaultTtlSeconds", null);
    given()
        .contentType(ContentType.JSON)
        .body(clear)
        .patch("/api/v1/users/" + userId)
        .then()
        .statusCode(200)
        .body("defaultTtlSeconds", nullValue());
    assertThat(inlineAs(key, Map.of("kind", "TEXT", "text", "forever")).getString("expiresAt"))
        .isNull();
    as(key).post("/api/v1/tasks/" + task.getString("id") + "/cancel").then().statusCode(200);
  }

  @Test
  void meShowsStorageUseAsItemsComeAndGo() {
    String key = createKey("ret-me-" + shortId());
    as(key)
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("storage.bytes", equalTo(0))
        .body("storage.items", equalTo(0))
        .body("storage.quotaBytes", nullValue());

    byte[] bytes = new byte[3000];
    java.util.Arrays.fill(bytes, (byte) 'a');
    String upload =
        as(key)
            .multiPart("file", "a.txt", bytes, "text/plain")
            .post("/api/v1/data")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    inlineAs(key, Map.of("kind", "TEXT", "text", "hello"));
    as(key)
        .get("/api/v1/me")
        .then()
        .body("storage.bytes", equalTo(3005))
        .body("storage.items", equalTo(2));

    as(key).delete("/api/v1/data/" + upload).then().statusCode(204);
    as(key)
        .get("/api/v1/me")
        .then()
        .body("storage.bytes", equalTo(5))
        .body("storage.items", equalTo(1));
  }

  @Test
  void anUploadOverTheQuotaIsA413AndStoresNothing() throws IOException {
    String key = createKey("ret-quota-" + shortId());
    String userId = userId(key);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("storageQuotaBytes", 1000))
        .patch("/api/v1/users/" + userId)
        .then()
        .statusCode(200)
        .body("storageQuotaBytes", equalTo(1000));
    inlineAs(key, Map.of("kind", "TEXT", "text", "x".repeat(600)));

    long filesBefore = storedFiles();
    as(key)
        .multiPart(
            "file", "big.txt", "y".repeat(500).getBytes(StandardCharsets.UTF_8), "text/plain")
        .post("/api/v1/data")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("detail", containsString("already uses 600 bytes of a storage quota of 1000 bytes"))
        .body("detail", containsString("Nothing was stored"));
    as(key)
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "TEXT", "text", "z".repeat(401)))
        .post("/api/v1/data")
        .then()
        .statusCode(413)
        .body("detail", containsString("400 bytes free"));
    as(key).get("/api/v1/data").then().body("total", equalTo(1));
    as(key).get("/api/v1/me").then().body("storage.bytes", equalTo(600));
    assertThat(storedFiles()).isEqualTo(filesBefore);

    // Up to the quota is fine.
    inlineAs(key, Map.of("kind", "TEXT", "text", "z".repeat(400)));
    as(key)
        .get("/api/v1/me")
        .then()
        .body("storage.bytes", equalTo(1000))
        .body("storage.quotaBytes", equalTo(1000));
  }

  @Test
  void onlyAnAdminSetsUserSettings() {
    String key = createKey("ret-nosy-" + shortId());
    String userId = userId(key);
    as(key)
        .contentType(ContentType.JSON)
        .body(Map.of("storageQuotaBytes", 1_000_000_000_000L))
        .patch("/api/v1/users/" + userId)
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    as(key).get("/api/v1/me").then().body("storage.quotaBytes", nullValue());
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("storageQuotaBytes", 10))
        .patch("/api/v1/users/u_nosuchuserxxxxxxxxxxxxxxxx")
        .then()
        .statusCode(404);
  }

  @Test
  void badTtlsAndSettingsAre422() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    String input = inlineText("ttl checks", null);
    for (long ttl : new long[] {0, -5, 315_360_001L}) {
      given()
          .contentType(ContentType.JSON)
          .body(Map.of("module", "tm-echo", "inputs", Map.of("text", input), "ttlSeconds", ttl))
          .post("/api/v1/tasks")
          .then()
          .statusCode(422)
          .body("errors[0].field", equalTo("ttlSeconds"));
      given()
          .contentType(ContentType.JSON)
          .body(Map.of("kind", "TEXT", "text", "t", "ttlSeconds", ttl))
          .post("/api/v1/data")
          .then()
          .statusCode(422)
          .body("detail", containsString("ttlSeconds"));
    }
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "tasks",
                java.util.List.of(
                    Map.of("module", "tm-echo", "inputs", Map.of("text", input), "ttlSeconds", 0))))
        .post("/api/v1/tasks/batch")
        .then()
        .statusCode(422)
        .body("detail", containsString("ttlSeconds"));
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "ttlSeconds",
                0,
                "steps",
                java.util.List.of(
                    Map.of("name", "a", "module", "tm-echo", "inputs", Map.of("text", input)))))
        .post("/api/v1/pipelines")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("ttlSeconds"));
    for (String ttl : new String[] {"soon", "0", "1.5"}) {
      DataApi.multipart("x".getBytes(StandardCharsets.UTF_8), "x.txt", "text/plain")
          .multiPart("ttlSeconds", ttl)
          .post("/api/v1/data")
          .then()
          .statusCode(422)
          .body("detail", containsString("ttlSeconds"));
    }
    given()
        .contentType(ContentType.JSON)
        .body("{\"kind\": \"TEXT\", \"text\": \"t\", \"ttlSeconds\": \"never\"}")
        .post("/api/v1/data")
        .then()
        .statusCode(400);
    String userId = userId(createKey("ret-bad-" + shortId()));
    for (String body :
        new String[] {
          "{\"storageQuotaBytes\": -1}",
          "{\"defaultTtlSeconds\": 0}",
          "{\"storageQuotaBytes\": \"lots\"}",
          "{\"maxStorage\": 5}",
          "[]"
        }) {
      given()
          .contentType(ContentType.JSON)
          .body(body)
          .patch("/api/v1/users/" + userId)
          .then()
          .statusCode(422)
          .contentType("application/problem+json");
    }
    given()
        .get("/api/v1/users")
        .then()
        .body("find { it.id == '" + userId + "' }.storageQuotaBytes", nullValue())
        .body("find { it.id == '" + userId + "' }.name", notNullValue());
  }

  @Test
  void aPipelineExpiresWithItsTasks() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    String input = inlineText("piped", null);
    JsonPath pipeline =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "ttlSeconds",
                    600,
                    "steps",
                    java.util.List.of(
                        Map.of("name", "a", "module", "tm-echo", "inputs", Map.of("text", input)))))
            .post("/api/v1/pipelines")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    String id = pipeline.getString("id");
    String task = pipeline.getString("steps[0].taskId");
    assertThat(pipeline.getString("expiresAt")).isNotNull();
    assertThat(TasksApi.task(task).getString("expiresAt")).isEqualTo(pipeline.get("expiresAt"));
    TasksApi.await(task, "SUCCEEDED");

    clock.freeze();
    clock.advance(Duration.ofMinutes(11));
    sweep.sweep();
    given().get("/api/v1/pipelines/" + id).then().statusCode(404);
    given().get("/api/v1/tasks/" + task).then().statusCode(404);
    given().get("/api/v1/data/" + input).then().statusCode(200);
  }

  private Path storedFile(String itemId) {
    String key = data.find(itemId).orElseThrow().storageKey;
    assertThat(key).as("item %s is a file", itemId).isNotNull();
    return FILE_STORE.resolve(key.substring(0, 2)).resolve(key);
  }

  private static long storedFiles() throws IOException {
    if (!Files.isDirectory(FILE_STORE)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(FILE_STORE)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private static String uploadText(String text, Map<String, String> fields) {
    RequestSpecification request =
        DataApi.multipart(text.getBytes(StandardCharsets.UTF_8), "t.txt", "text/plain");
    fields.forEach(request::multiPart);
    return request.post("/api/v1/data").then().statusCode(201).extract().path("id");
  }

  private static String inlineText(String text, Long ttlSeconds) {
    Map<String, Object> body = new HashMap<>(Map.of("kind", "TEXT", "text", text));
    if (ttlSeconds != null) {
      body.put("ttlSeconds", ttlSeconds);
    }
    return DataApi.inline(body).getString("id");
  }

  private static JsonPath inlineAs(String key, Map<String, ?> body) {
    return as(key)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/data")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static String createKey(String user) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("user", user, "role", "user"))
        .post("/api/v1/keys")
        .then()
        .statusCode(201)
        .extract()
        .path("key");
  }

  private static String userId(String key) {
    return as(key).get("/api/v1/me").then().statusCode(200).extract().path("userId");
  }

  private static RequestSpecification as(String key) {
    return given().header("Authorization", "Bearer " + key);
  }
}
