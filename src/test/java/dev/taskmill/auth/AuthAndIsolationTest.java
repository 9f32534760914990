package dev.taskmill.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.taskmill.testing.ApiKeyCallback;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bson.Document;
import org.bson.types.ObjectId;
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

  @Inject OwnerMigration migration;
  @Inject Users users;

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
    // Items too: each user's dashboard counts exactly the items their listing holds.
    for (String user : List.of(alice, bob)) {
      Map<String, Integer> dataCounts =
          as(user).get("/api/v1/dashboard").then().extract().path("counts.data");
      int listed = as(user).get("/api/v1/data?size=1").then().extract().path("total");
      assertThat(dataCounts.values().stream().mapToInt(Integer::intValue).sum())
          .as("items on the dashboard: %s", dataCounts)
          .isEqualTo(listed);
    }
    assertThat(
            as(alice).get("/api/v1/data?size=1").then().extract().<Integer>path("total").intValue())
        .isGreaterThanOrEqualTo(3);
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

  @Test
  void aKeyForANameThatExistsWithAnotherRoleIsRefused() {
    // The bootstrap admin is the user "admin": a user-role key of that name would have acted as
    // the admin's owner (ownership was the name) and seen every one of the admin's things.
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("user", "admin", "role", "user"))
        .post("/api/v1/keys")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("'admin' exists with role 'admin'"));
    // Nor may a user become an admin by name.
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("user", "alice", "role", "admin"))
        .post("/api/v1/keys")
        .then()
        .statusCode(409)
        .body("detail", containsString("'alice' exists with role 'user'"));
    String listing = given().get("/api/v1/keys").then().statusCode(200).extract().asString();
    List<Map<String, Object>> keys = JsonPath.from(listing).getList("$");
    assertThat(keys)
        .noneMatch(k -> "admin".equals(k.get("user")) && "user".equals(k.get("role")))
        .noneMatch(k -> "alice".equals(k.get("user")) && "admin".equals(k.get("role")));
  }

  @Test
  void usersOwnByIdAndTwoNamesStayApart() {
    JsonPath aliceMe = as(alice).get("/api/v1/me").then().statusCode(200).extract().jsonPath();
    JsonPath bobMe = as(bob).get("/api/v1/me").then().statusCode(200).extract().jsonPath();
    String aliceId = aliceMe.getString("userId");
    String bobId = bobMe.getString("userId");
    assertThat(aliceId).startsWith("u_").hasSize(28).isNotEqualTo(bobId);
    assertThat(bobId).startsWith("u_");
    String item = inline(alice, "alice's by id");
    as(alice)
        .get("/api/v1/data/" + item)
        .then()
        .statusCode(200)
        .body("owner", equalTo("alice"))
        .body("ownerId", equalTo(aliceId));
    as(bob).get("/api/v1/data/" + item).then().statusCode(404);
    // A document owned by the *name* (what a forged or half-migrated record would carry) is
    // nobody's but the admin's: access is checked on the id only.
    String byName = new ObjectId().toHexString();
    collection("data")
        .insertOne(
            legacyItem(byName, "alice").append("ownerName", "alice").append("label", "by-name"));
    as(alice).get("/api/v1/data/" + byName).then().statusCode(404);
    given().get("/api/v1/data/" + byName).then().statusCode(200);
    // A second key for the same name is the same user, with the same things.
    JsonPath second =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("user", "alice", "role", "user"))
            .post("/api/v1/keys")
            .then()
            .statusCode(201)
            .body("newUser", equalTo(false))
            .body("details.userId", equalTo(aliceId))
            .extract()
            .jsonPath();
    as(second.getString("key")).get("/api/v1/data/" + item).then().statusCode(200);
    // Users are listed for admins with their ids.
    List<Map<String, Object>> listed =
        given().get("/api/v1/users").then().statusCode(200).extract().jsonPath().getList("$");
    assertThat(listed)
        .anyMatch(u -> "alice".equals(u.get("name")) && aliceId.equals(u.get("id")))
        .anyMatch(u -> "admin".equals(u.get("name")) && "admin".equals(u.get("role")));
    as(bob).get("/api/v1/users").then().statusCode(403);
  }

  @Test
  void aNameKeepsItsUserAfterAllItsKeysAreRevoked() {
    String erin = createKey("erin", "user");
    String item = inline(erin, "erin's");
    given().delete("/api/v1/keys/" + keyId(erin)).then().statusCode(200);
    String again =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("user", "erin", "role", "user"))
            .post("/api/v1/keys")
            .then()
            .statusCode(201)
            .body("newUser", equalTo(false))
            .extract()
            .path("key");
    as(again).get("/api/v1/data/" + item).then().statusCode(200);
  }

  @Test
  void aPreUpgradeUserKeyNamedAdminSeesNoneOfTheAdminsThings() {
    // Before user ids, an admin could create a user-role key named "admin": stored as below.
    String secret = "tm_0ld0ad01_user-key-named-admin-from-before-user-ids";
    collection("api_keys").insertOne(legacyKey(secret, "0ld0ad01", "admin", "USER"));
    String adminsItem =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("kind", "TEXT", "text", "the admin's own"))
            .post("/api/v1/data")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String adminsOldItem = new ObjectId().toHexString();
    collection("data").insertOne(legacyItem(adminsOldItem, "admin"));
    migration.migrate();

    as(secret).get("/api/v1/me").then().statusCode(200).body("role", equalTo("user"));
    String actsAs = as(secret).get("/api/v1/me").then().extract().path("user");
    assertThat(actsAs).isNotEqualTo("admin").startsWith("admin-user");
    as(secret).get("/api/v1/data/" + adminsItem).then().statusCode(404);
    as(secret).get("/api/v1/data/" + adminsOldItem).then().statusCode(404);
    String seen = as(secret).get("/api/v1/data?size=500").then().extract().asString();
    assertThat(seen).doesNotContain(adminsItem).doesNotContain(adminsOldItem);
    // The admin's old item is the admin's now, by id.
    given()
        .get("/api/v1/data/" + adminsOldItem)
        .then()
        .statusCode(200)
        .body("owner", equalTo("admin"))
        .body("ownerId", equalTo(users.byName("admin").orElseThrow().id()));
  }

  @Test
  void theMigrationRewritesNameOwnedDocumentsOnceEvenWhenInstancesRunItTogether() throws Exception {
    String secret = "tm_0ld0ca71_carls-key-from-before-user-ids-0123456789";
    collection("api_keys").insertOne(legacyKey(secret, "0ld0ca71", "legacy-carl", "USER"));
    String item = new ObjectId().toHexString();
    String orphan = new ObjectId().toHexString();
    String task = new ObjectId().toHexString();
    String pipeline = new ObjectId().toHexString();
    collection("data").insertOne(legacyItem(item, "legacy-carl"));
    collection("data").insertOne(legacyItem(orphan, "legacy-nokey"));
    collection("tasks")
        .insertOne(
            new Document("_id", task)
                .append("module", "tm-echo")
                .append("status", "SUCCEEDED")
                .append("owner", "legacy-carl")
                .append("inputs", new Document())
                .append("outputs", new Document()));
    collection("pipelines")
        .insertOne(
            new Document("_id", pipeline)
                .append("owner", "legacy-carl")
                .append("steps", List.of()));

    // Three instances starting at once run it together.
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Callable<OwnerMigration.Report>> runs =
          List.of(migration::migrate, migration::migrate, migration::migrate);
      for (Future<OwnerMigration.Report> run : pool.invokeAll(runs)) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }

    String carlId = users.byName("legacy-carl").orElseThrow().id();
    assertThat(carlId).startsWith("u_");
    assertThat(users.list()).filteredOn(u -> u.name().equals("legacy-carl")).hasSize(1);
    for (String[] doc :
        List.of(
            new String[] {"data", item},
            new String[] {"tasks", task},
            new String[] {"pipelines", pipeline})) {
      Document stored = collection(doc[0]).find(Filters.eq("_id", doc[1])).first();
      assertThat(stored.getString("owner")).as(doc[0]).isEqualTo(carlId);
      assertThat(stored.getString("ownerName")).as(doc[0]).isEqualTo("legacy-carl");
    }
    Document key = collection("api_keys").find(Filters.eq("_id", ApiKeys.hash(secret))).first();
    assertThat(key.getString("userId")).isEqualTo(carlId);
    // A name no key carries becomes a user too, so a later key of that name finds its things.
    Document orphaned = collection("data").find(Filters.eq("_id", orphan)).first();
    assertThat(orphaned.getString("owner"))
        .isEqualTo(users.byName("legacy-nokey").orElseThrow().id());

    // Once is enough: a further run finds nothing to change.
    OwnerMigration.Report again = migration.migrate();
    assertThat(again.keys()).isZero();
    assertThat(again.documents().values()).containsOnly(0L);

    // Carl's old key sees his things; Bob does not.
    as(secret)
        .get("/api/v1/data/" + item)
        .then()
        .statusCode(200)
        .body("owner", equalTo("legacy-carl"))
        .body("ownerId", equalTo(carlId));
    as(secret).get("/api/v1/pipelines/" + pipeline).then().statusCode(200);
    as(bob).get("/api/v1/data/" + item).then().statusCode(404);
  }

  private static MongoCollection<Document> collection(String name) {
    return ApiKey.mongoDatabase().getCollection(name);
  }

  /** An API key as stored before user ids: a name and a role, no userId. */
  private static Document legacyKey(String secret, String keyId, String user, String role) {
    return new Document("_id", ApiKeys.hash(secret))
        .append("keyId", keyId)
        .append("user", user)
        .append("role", role)
        .append("name", "stored before user ids")
        .append("createdAt", new java.util.Date())
        .append("createdBy", "admin");
  }

  /** An inline text item owned by the user name {@code owner}, as stored before user ids. */
  private static Document legacyItem(String id, String owner) {
    return new Document("_id", id)
        .append("label", "legacy-" + owner)
        .append("tags", List.of())
        .append("kind", "TEXT")
        .append("mediaType", "text/plain; charset=utf-8")
        .append("isFile", false)
        .append("status", "AVAILABLE")
        .append("size", 3L)
        .append("sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        .append("origin", "UPLOAD")
        .append("owner", owner)
        .append("metadata", "{}")
        .append("consumers", List.of())
        .append("text", "abc")
        .append("createdAt", new java.util.Date())
        .append("updatedAt", new java.util.Date())
        .append("availableAt", new java.util.Date());
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

    List<String> until(Predicate<String> stop) {
      Waits.takeUntil(lines, stop, seen);
      return seen;
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
