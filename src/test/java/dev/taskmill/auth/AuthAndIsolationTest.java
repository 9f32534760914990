package dev.taskmill.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.taskmill.testing.ApiKeyCallback;
import dev.taskmill.testing.ModulesApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API keys and per-user isolation: no key or a bad key gets 401; a user key cannot manage keys or
 * modules (403); one user's data, tasks, pipelines and events are invisible to another user on
 * every endpoint (404, so existence does not leak), while an admin sees everything.
 */
@QuarkusTest
class AuthAndIsolationTest {

  @TestHTTPResource("/api/v1/events")
  URL events;

  private String alice;
  private String bob;

  @BeforeEach
  void users() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    alice = createKey("alice", "user");
    bob = createKey("bob", "user");
  }

  private static String createKey(String user, String role) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("user", user, "role", role, "name", "test key of " + user))
        .post("/api/v1/keys")
        .then()
        .statusCode(201)
        .body("details.user", equalTo(user))
        .body("details.role", equalTo(role))
        .body("key", startsWith("tm_"))
        .extract()
        .path("key");
  }

  private static RequestSpecification as(String key) {
    return given().header("Authorization", "Bearer " + key);
  }

  @Test
  void requestsWithoutAValidKeyAreRefusedAndHealthStaysOpen() {
    for (String path : List.of("/api/v1/data", "/api/v1/tasks", "/api/v1/modules", "/api/v1/me")) {
      given()
          .header("Authorization", ApiKeyCallback.NO_KEY)
          .get(path)
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .header("WWW-Authenticate", startsWith("Bearer"))
          .body("detail", containsString("Authorization: Bearer"));
      as("tm_00000000_not-a-real-key").get(path).then().statusCode(401);
      given().header("Authorization", "Basic YWRtaW46YWRtaW4=").get(path).then().statusCode(401);
    }
    given()
        .header("Authorization", ApiKeyCallback.NO_KEY)
        .get("/q/health/ready")
        .then()
        .statusCode(200);
    given().header("Authorization", ApiKeyCallback.NO_KEY).get("/q/openapi").then().statusCode(200);
    // The cookie a browser sends works like the header.
    given()
        .header("Authorization", ApiKeyCallback.NO_KEY)
        .cookie(AuthFilter.COOKIE, alice)
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("user", equalTo("alice"))
        .body("role", equalTo("user"));
  }

  @Test
  void usersCannotManageKeysOrModules() {
    as(bob)
        .contentType(ContentType.JSON)
        .body(Map.of("user", "mallory", "role", "admin"))
        .post("/api/v1/keys")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", containsString("admin"));
    as(bob).get("/api/v1/keys").then().statusCode(403);
    as(bob).delete("/api/v1/keys/" + keyId(alice)).then().statusCode(403);
    as(bob).post("/api/v1/modules/detect").then().statusCode(403);
    as(bob).get("/api/v1/modules/detect").then().statusCode(403);
    as(bob).get("/api/v1/modules/tm-echo/log").then().statusCode(403);
    as(bob).post("/api/v1/modules/tm-echo/disable").then().statusCode(403);
    as(bob).post("/api/v1/modules/tm-echo/enable").then().statusCode(403);
    as(bob).post("/api/v1/modules/tm-echo/reinstall").then().statusCode(403);
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    // Reading the module list is what a user needs to create tasks.
    as(bob).get("/api/v1/modules").then().statusCode(200);
    as(bob).get("/api/v1/modules/tm-echo").then().statusCode(200);
  }

  @Test
  void keysAreListedWithoutSecretsAndRevocationTakesEffect() {
    String carol = createKey("carol", "user");
    as(carol).get("/api/v1/me").then().statusCode(200).body("user", equalTo("carol"));
    String listing = given().get("/api/v1/keys").then().statusCode(200).extract().asString();
    assertThat(listing).contains(keyId(carol)).doesNotContain(carol);
    given()
        .delete("/api/v1/keys/" + keyId(carol))
        .then()
        .statusCode(200)
        .body("revokedAt", not(equalTo(null)));
    as(carol).get("/api/v1/me").then().statusCode(401).body("detail", containsString("revoked"));
    given().delete("/api/v1/keys/0badc0de").then().statusCode(404);
    given().delete("/api/v1/keys/..%2F..").then().statusCode(404);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("user", "a b/c", "role", "root"))
        .post("/api/v1/keys")
        .then()
        .statusCode(422)
        .body("errors.field", org.hamcrest.Matchers.hasItems("user", "role"));
  }

  @Test
  void theLastAdminKeyCannotBeRevoked() {
    String second = createKey("second-admin", "admin");
    as(second).get("/api/v1/keys").then().statusCode(200);
    // With two admin keys, one may go; then the bootstrap key is the last and must stay.
    as(ApiKeyCallback.ADMIN_KEY).delete("/api/v1/keys/" + keyId(second)).then().statusCode(200);
    given()
        .delete("/api/v1/keys/bootstrap")
        .then()
        .statusCode(409)
        .body("detail", containsString("last active admin key"));
    given().get("/api/v1/me").then().statusCode(200).body("role", equalTo("admin"));
  }

  @Test
  void oneUsersThingsAreInvisibleToAnotherOnEveryEndpoint() {
    String item =
        as(alice)
            .contentType(ContentType.JSON)
            .body(Map.of("kind", "TEXT", "text", "alice's secret", "label", "alice-item"))
            .post("/api/v1/data")
            .then()
            .statusCode(201)
            .body("owner", equalTo("alice"))
            .extract()
            .path("id");
    String file =
        as(alice)
            .multiPart("file", "notes.txt", "alice's file".getBytes(StandardCharsets.UTF_8))
            .post("/api/v1/data")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    JsonPath task =
        as(alice)
            .contentType(ContentType.JSON)
            .body(Map.of("module", "tm-echo", "inputs", Map.of("text", item)))
            .post("/api/v1/tasks")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    String taskId = task.getString("id");
    String output = task.getString("outputs.echo");
    String pipeline =
        as(alice)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "steps",
                    List.of(
                        Map.of(
                            "name", "echo", "module", "tm-echo", "inputs", Map.of("text", item)))))
            .post("/api/v1/pipelines")
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    // Alice sees her own things.
    as(alice).get("/api/v1/data/" + item).then().statusCode(200);
    as(alice).get("/api/v1/tasks/" + taskId).then().statusCode(200);
    as(alice).get("/api/v1/pipelines/" + pipeline).then().statusCode(200);

    // Bob gets 404 for every one of them, on every endpoint, reading or writing.
    List<Response> answers = new ArrayList<>();
    for (String id : List.of(item, file, output)) {
      answers.add(as(bob).get("/api/v1/data/" + id));
      answers.add(as(bob).get("/api/v1/data/" + id + "/content"));
      answers.add(as(bob).head("/api/v1/data/" + id + "/content"));
      answers.add(as(bob).get("/api/v1/data/" + id + "/lineage"));
      answers.add(
          as(bob)
              .contentType(ContentType.JSON)
              .body(Map.of("label", "bob was here"))
              .patch("/api/v1/data/" + id));
      answers.add(as(bob).delete("/api/v1/data/" + id));
    }
    answers.add(as(bob).get("/api/v1/tasks/" + taskId));
    answers.add(as(bob).get("/api/v1/tasks/" + taskId + "/log"));
    answers.add(as(bob).post("/api/v1/tasks/" + taskId + "/cancel"));
    answers.add(as(bob).post("/api/v1/tasks/" + taskId + "/retry"));
    answers.add(as(bob).get("/api/v1/pipelines/" + pipeline));
    for (Response answer : answers) {
      assertThat(answer.statusCode()).isEqualTo(404);
      if (answer.getBody().asString().length() > 0) {
        assertThat(answer.getBody().asString()).doesNotContain("alice");
      }
    }

    // Bob cannot feed Alice's item to a task: it does not exist for him.
    as(bob)
        .contentType(ContentType.JSON)
        .body(Map.of("module", "tm-echo", "inputs", Map.of("text", item)))
        .post("/api/v1/tasks")
        .then()
        .statusCode(422)
        .body("detail", containsString("there is no data item"));

    // Listings and the dashboard leave Alice's things out for Bob.
    String bobsData =
        as(bob).get("/api/v1/data?size=500").then().statusCode(200).extract().asString();
    assertThat(bobsData).doesNotContain(item).doesNotContain(file).doesNotContain(output);
    String bobsTasks =
        as(bob).get("/api/v1/tasks?size=500").then().statusCode(200).extract().asString();
    assertThat(bobsTasks).doesNotContain(taskId);
    String bobsPipelines =
        as(bob).get("/api/v1/pipelines?size=500").then().statusCode(200).extract().asString();
    assertThat(bobsPipelines).doesNotContain(pipeline).doesNotContain(taskId);
    String bobsDashboard =
        as(bob).get("/api/v1/dashboard").then().statusCode(200).extract().asString();
    assertThat(bobsDashboard).doesNotContain(taskId);
    Map<String, Integer> bobsCounts =
        as(bob).get("/api/v1/dashboard").then().extract().path("counts.tasks");
    assertThat(bobsCounts.values().stream().mapToInt(Integer::intValue).sum()).isZero();
    Map<String, Integer> alicesCounts =
        as(alice).get("/api/v1/dashboard").then().extract().path("counts.tasks");
    // (Exact counts: aUsersDashboardCountsExactlyTheirOwnTasks, where updates are atomic.)
    assertThat(alicesCounts.values().stream().mapToInt(Integer::intValue).sum()).isPositive();
    String alicesData =
        as(alice).get("/api/v1/data?size=500").then().statusCode(200).extract().asString();
    assertThat(alicesData).contains(item).contains(file).contains(output);
    as(alice)
        .get("/api/v1/pipelines")
        .then()
        .statusCode(200)
        .body("items.id", org.hamcrest.Matchers.hasItem(pipeline));

    // Nothing Bob tried changed anything; the admin sees Alice's things.
    given().get("/api/v1/data/" + item).then().statusCode(200).body("label", equalTo("alice-item"));
    given().get("/api/v1/tasks/" + taskId).then().statusCode(200);
    given().get("/api/v1/pipelines/" + pipeline).then().statusCode(200);
  }

  /**
   * The per-owner counters move with each task's conditional status updates; on a server whose
   * findAndModify is not atomic (FerretDB 1.x) two racing updates may both count, so this runs
   * where updates are atomic only.
   */
  @Test
  @org.junit.jupiter.api.Tag("atomic-cas")
  void aUsersDashboardCountsExactlyTheirOwnTasks() {
    String dave = createKey("dave", "user");
    String item = inline(dave, "dave's text");
    String task =
        as(dave)
            .contentType(ContentType.JSON)
            .body(Map.of("module", "tm-echo", "inputs", Map.of("text", item)))
            .post("/api/v1/tasks")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    given().get("/api/v1/tasks/" + task).then().statusCode(200);
    Map<String, Integer> counts =
        as(dave).get("/api/v1/dashboard").then().statusCode(200).extract().path("counts.tasks");
    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
  }

  @Test
  void theEventStreamCarriesOnlyTheCallersOwnChanges() throws Exception {
    try (Sse stream = new Sse(events, bob);
        Sse aliceStream = new Sse(events, alice)) {
      String alicesItem = inline(alice, "for alice only");
      String bobsItem = inline(bob, "bob's own");
      // Bob's own change arrives after Alice's was published, so had he been sent hers, it would
      // be in what he read before his own.
      List<String> bobSaw = stream.until(l -> l.contains(bobsItem));
      assertThat(bobSaw).noneMatch(l -> l.contains(alicesItem));
      List<String> aliceSaw = aliceStream.until(l -> l.contains(alicesItem));
      assertThat(aliceSaw).anyMatch(l -> l.contains(alicesItem));
      aliceStream.until(l -> l.startsWith(":") && l.contains("heartbeat"));
      assertThat(aliceStream.seen()).noneMatch(l -> l.contains(bobsItem));
    }
  }

  private static String inline(String key, String text) {
    return as(key)
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "TEXT", "text", text))
        .post("/api/v1/data")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String keyId(String key) {
    return key.split("_")[1];
  }

  /** An SSE connection read line by line on its own thread. */
  private static final class Sse implements AutoCloseable {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final HttpResponse<java.util.stream.Stream<String>> response;

    Sse(URL url, String key) throws Exception {
      response =
          HttpClient.newHttpClient()
              .sendAsync(
                  HttpRequest.newBuilder(URI.create(url.toString()))
                      .header("Accept", "text/event-stream")
                      .header("Authorization", "Bearer " + key)
                      .build(),
                  HttpResponse.BodyHandlers.ofLines())
              .get(10, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      Thread reader =
          new Thread(
              () -> {
                try {
                  response.body().forEach(lines::add);
                } catch (RuntimeException closed) {
                  // the test closed the stream
                }
              },
              "sse-" + key);
      reader.setDaemon(true);
      reader.start();
      until(l -> l.contains("connected"));
    }

    List<String> until(Predicate<String> stop) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        String line = lines.poll(200, TimeUnit.MILLISECONDS);
        if (line != null) {
          seen.add(line);
          if (stop.test(line)) {
            return seen;
          }
        }
      }
      throw new AssertionError("the stream never said it; it said: " + seen);
    }

    List<String> seen() {
      return seen;
    }

    @Override
    public void close() {
      response.body().close();
    }
  }
}
