package dev.taskmill.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.taskmill.data.DataRepository;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleStatus;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.SettableClock;
import dev.taskmill.testing.TasksApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end, with real receivers on loopback: signed deliveries of real tasks, a receiver
 * down for a while, an instance that died before storing or while sending a delivery, isolation
 * between users, redelivery, giving up after the retry time, and the API's answers to bad input.
 */
@QuarkusTest
class WebhooksTest {

  @Inject SettableClock clock;
  @Inject TaskRepository tasks;
  @Inject EventSweep sweep;

  private final List<Receiver> receivers = new ArrayList<>();
  private String alice;
  private String bob;

  @BeforeEach
  void users() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    alice = createKey("hook-alice");
    bob = createKey("hook-bob");
  }

  @AfterEach
  void cleanUp() {
    clock.release();
    for (String id :
        given().get("/api/v1/webhooks").then().extract().jsonPath().getList("id", String.class)) {
      given().delete("/api/v1/webhooks/" + id).then().statusCode(204);
    }
    receivers.forEach(Receiver::close);
  }

  @Test
  void aDeliveryIsSignedAndShowsTheTaskAsTheApiDoes() throws Exception {
    Receiver receiver = receiver();
    JsonPath created = createWebhook(alice, receiver.url(), List.of("task.succeeded"));
    String secret = created.getString("secret");
    String webhookId = created.getString("webhook.id");
    assertThat(secret).startsWith("whsec_");

    String taskId = echoTask(alice, "signed");
    Receiver.Received got = awaitAccepted(receiver, taskId);

    assertThat(got.event()).isEqualTo("task.succeeded");
    assertThat(got.signature()).isEqualTo("sha256=" + hmac(secret, got.body()));
    JsonPath body = new JsonPath(got.body());
    assertThat(body.getString("event")).isEqualTo("task.succeeded");
    assertThat(body.getString("id")).isEqualTo(got.deliveryId());
    assertThat(Instant.parse(body.getString("time"))).isNotNull();
    JsonPath task = TasksApi.task(taskId);
    assertThat(body.getString("task.status")).isEqualTo("SUCCEEDED");
    assertThat(body.getString("task.finishedAt")).isEqualTo(task.getString("finishedAt"));
    assertThat(body.getString("time")).isEqualTo(task.getString("finishedAt"));
    assertThat(body.getMap("task.outputs")).isEqualTo(task.getMap("outputs"));
    String echo = task.getString("outputs.echo");
    assertThat(body.getList("outputs.id")).contains(echo);
    String url = body.getString("outputs.find { it.port == 'echo' }.contentUrl");
    assertThat(url).isEqualTo("/api/v1/data/" + echo + "/content");
    as(alice).get(url).then().statusCode(200).body(containsString("signed"));

    // The secret is shown once: no later answer has it.
    as(alice)
        .get("/api/v1/webhooks/" + webhookId)
        .then()
        .statusCode(200)
        .body("secret", nullValue());
    as(alice)
        .get("/api/v1/webhooks/" + webhookId + "/deliveries")
        .then()
        .statusCode(200)
        .body("[0].id", equalTo(got.deliveryId()))
        .body("[0].status", equalTo("DELIVERED"))
        .body("[0].attempts", equalTo(1))
        .body("[0].lastResponseCode", equalTo(200))
        .body("[0].subject", equalTo(taskId));
  }

  @Test
  void aPipelineIsDeliveredWhenItsLastStepEnds() {
    Receiver receiver = receiver();
    createWebhook(alice, receiver.url(), List.of("pipeline.succeeded", "pipeline.failed"));
    String input = inlineText(alice, "chained");
    String pipelineId =
        as(alice)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "label",
                    "hooked",
                    "steps",
                    List.of(
                        Map.of(
                            "name", "first", "module", "tm-echo", "inputs", Map.of("text", input)),
                        Map.of(
                            "name",
                            "second",
                            "module",
                            "tm-echo",
                            "inputs",
                            Map.of("text", Map.of("step", "first", "output", "echo"))))))
            .post("/api/v1/pipelines")
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    Receiver.Received got = awaitAccepted(receiver, pipelineId);
    assertThat(got.event()).isEqualTo("pipeline.succeeded");
    JsonPath body = new JsonPath(got.body());
    JsonPath shown = as(alice).get("/api/v1/pipelines/" + pipelineId).then().extract().jsonPath();
    assertThat(body.getString("pipeline.status")).isEqualTo("SUCCEEDED");
    assertThat(body.getList("pipeline.steps.taskId")).isEqualTo(shown.getList("steps.taskId"));
    assertThat(body.getList("outputs.step")).contains("first", "second");
    assertThat(body.getString("outputs.find { it.step == 'second' && it.port == 'echo' }.id"))
        .isEqualTo(shown.getString("steps.find { it.name == 'second' }.outputs.echo.id"));
    // One event per pipeline, though both of its tasks ended.
    assertThat(receiver.received()).hasSize(1);
  }

  @Test
  void anAdminsWebhookHearsAModuleBecomeAvailable() {
    Receiver receiver = receiver();
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("url", receiver.url(), "events", List.of("module.available")))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(201);
    // As setup leaves a module it has just self-tested (only the sweep reads this document).
    Module module = new Module();
    module.name = "webhook-probe-" + UUID.randomUUID().toString().substring(0, 8);
    module.version = "1.0.0";
    module.status = ModuleStatus.AVAILABLE;
    module.detectedAt = clock.instant();
    module.updatedAt = module.detectedAt;
    module.availableAt = module.detectedAt;
    module.persist();
    try {
      Receiver.Received got = awaitAccepted(receiver, module.name);
      assertThat(got.event()).isEqualTo("module.available");
      assertThat(new JsonPath(got.body()).getString("module.status")).isEqualTo("AVAILABLE");
    } finally {
      module.delete();
    }
  }

  @Test
  void aReceiverDownForAWhileGetsEveryEventLaterOncePerDeliveryId() {
    Receiver receiver = receiver();
    receiver.stop();
    String webhookId =
        createWebhook(alice, receiver.url(), List.of("task.succeeded")).getString("webhook.id");
    List<String> ids = List.of(echoTask(alice, "a"), echoTask(alice, "b"), echoTask(alice, "c"));

    // Down: every delivery is tried, refused, and waits for its next try.
    Waits.until(
        () -> deliveries(alice, webhookId),
        d -> {
          assertThat(d.getList("subject", String.class)).containsAll(ids);
          assertThat(d.getList("attempts", Integer.class))
              .allSatisfy(a -> assertThat(a).isGreaterThanOrEqualTo(2));
          assertThat(d.getList("status", String.class)).containsOnly("PENDING");
          assertThat(d.getList("lastError", String.class)).doesNotContainNull();
        });
    // Up, but failing: answers 503 count as failures too.
    receiver.start();
    receiver.answer(503);
    Waits.until(
        receiver::received,
        r -> assertThat(r.stream().map(Receiver.Received::deliveryId).distinct()).hasSize(3));
    receiver.answer(200);

    Waits.until(
        () -> deliveries(alice, webhookId),
        d -> assertThat(d.getList("status", String.class)).containsOnly("DELIVERED").hasSize(3));
    Map<String, Set<String>> deliveryIdsByTask =
        receiver.accepted().stream()
            .collect(
                Collectors.groupingBy(
                    r -> new JsonPath(r.body()).getString("task.id"),
                    Collectors.mapping(Receiver.Received::deliveryId, Collectors.toSet())));
    assertThat(deliveryIdsByTask.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    // After deduplication by X-Taskmill-Delivery, each event arrived exactly once.
    assertThat(deliveryIdsByTask.values()).allSatisfy(set -> assertThat(set).hasSize(1));
    assertThat(receiver.received().stream().map(Receiver.Received::deliveryId).distinct())
        .hasSize(3);
  }

  @Test
  void aTaskThatEndedBeforeAnInstanceDiedIsDeliveredByAFreshSweep() {
    Receiver receiver = receiver();
    createWebhook(alice, receiver.url(), List.of("task.succeeded", "task.failed"));
    // As an instance killed right after the task's terminal write left it: nothing but the task
    // says it ended, and the sweep that finds it remembers nothing of before.
    Task task = new Task();
    task.id = DataRepository.newId();
    task.module = "tm-echo";
    task.status = TaskStatus.FAILED;
    task.owner = userId(alice);
    task.ownerName = "hook-alice";
    task.createdAt = clock.instant();
    task.finishedAt = clock.instant();
    tasks.insert(task);
    sweep.forget();

    Receiver.Received got = awaitAccepted(receiver, task.id);
    assertThat(got.event()).isEqualTo("task.failed");
  }

  @Test
  void aDeliveryWhoseSenderDiedIsSentWhenItsLeaseRunsOut() {
    Receiver receiver = receiver();
    String webhookId =
        createWebhook(alice, receiver.url(), List.of("task.succeeded")).getString("webhook.id");
    // Stored, and claimed by an instance that was killed while sending it.
    Delivery delivery = new Delivery();
    delivery.id = UUID.randomUUID().toString();
    delivery.webhookId = webhookId;
    delivery.owner = userId(alice);
    delivery.event = "task.succeeded";
    delivery.subject = DataRepository.newId();
    delivery.key = "test|" + delivery.id;
    delivery.body = "{\"event\":\"task.succeeded\",\"id\":\"" + delivery.id + "\"}";
    delivery.status = DeliveryStatus.PENDING;
    delivery.createdAt = clock.instant();
    delivery.nextTryAt = delivery.createdAt;
    delivery.retryUntil = delivery.createdAt.plus(Duration.ofHours(24));
    delivery.lease = new Delivery.Lease();
    delivery.lease.owner = "killed-instance";
    delivery.lease.token = "gone";
    delivery.lease.expiresAt = clock.instant().plusMillis(500);
    delivery.persist();

    Receiver.Received got =
        Waits.until(
                receiver::accepted,
                r -> assertThat(r).extracting(Receiver.Received::deliveryId).contains(delivery.id))
            .stream()
            .filter(r -> r.deliveryId().equals(delivery.id))
            .findFirst()
            .orElseThrow();
    assertThat(got.body()).isEqualTo(delivery.body);
    Waits.until(
        () -> deliveries(alice, webhookId),
        d ->
            assertThat(d.getString("find { it.id == '" + delivery.id + "' }.status"))
                .isEqualTo("DELIVERED"));
  }

  @Test
  void usersHearOnlyTheirOwnThingsAndSeeOnlyTheirOwnWebhooks() {
    Receiver forAlice = receiver();
    Receiver forBob = receiver();
    String aliceHook =
        createWebhook(alice, forAlice.url(), List.of("task.succeeded")).getString("webhook.id");
    String bobHook =
        createWebhook(bob, forBob.url(), List.of("task.succeeded")).getString("webhook.id");

    String alicesTask = echoTask(alice, "private");
    String bobsTask = echoTask(bob, "his");
    awaitAccepted(forAlice, alicesTask);
    awaitAccepted(forBob, bobsTask);
    assertThat(forBob.received()).noneMatch(r -> r.body().contains(alicesTask));
    assertThat(forAlice.received()).noneMatch(r -> r.body().contains(bobsTask));

    as(bob).get("/api/v1/webhooks/" + aliceHook).then().statusCode(404);
    as(bob).get("/api/v1/webhooks/" + aliceHook + "/deliveries").then().statusCode(404);
    as(bob).delete("/api/v1/webhooks/" + aliceHook).then().statusCode(404);
    as(bob).get("/api/v1/webhooks").then().statusCode(200).body("id", not(hasItem(aliceHook)));
    given()
        .get("/api/v1/webhooks")
        .then()
        .statusCode(200)
        .body("id", hasItem(aliceHook))
        .body("id", hasItem(bobHook));
  }

  @Test
  void aRedeliveryIsSentAgainWithTheSameIdAndBody() {
    Receiver receiver = receiver();
    String webhookId =
        createWebhook(alice, receiver.url(), List.of("task.succeeded")).getString("webhook.id");
    Receiver.Received first = awaitAccepted(receiver, echoTask(alice, "again"));

    as(alice)
        .post("/api/v1/webhooks/" + webhookId + "/deliveries/" + first.deliveryId() + "/redeliver")
        .then()
        .statusCode(200)
        .body("status", equalTo("PENDING"));

    Waits.until(
        receiver::accepted,
        r -> assertThat(r).filteredOn(x -> x.deliveryId().equals(first.deliveryId())).hasSize(2));
    Receiver.Received second =
        receiver.accepted().stream()
            .filter(x -> x.deliveryId().equals(first.deliveryId()))
            .toList()
            .get(1);
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.signature()).isEqualTo(first.signature());
    Waits.until(
        () -> deliveries(alice, webhookId),
        d -> {
          assertThat(d.getString("[0].status")).isEqualTo("DELIVERED");
          assertThat(d.getInt("[0].attempts")).isEqualTo(2);
        });
    as(bob)
        .post("/api/v1/webhooks/" + webhookId + "/deliveries/" + first.deliveryId() + "/redeliver")
        .then()
        .statusCode(404);
    as(alice)
        .post("/api/v1/webhooks/" + webhookId + "/deliveries/no-such-delivery/redeliver")
        .then()
        .statusCode(404);
  }

  @Test
  void aDeliveryFailingForTheWholeRetryTimeIsMarkedFailed() {
    Receiver receiver = receiver();
    receiver.answer(500);
    Instant frozen = clock.freeze();
    String webhookId =
        createWebhook(alice, receiver.url(), List.of("task.cancelled")).getString("webhook.id");
    Task task = new Task();
    task.id = DataRepository.newId();
    task.module = "tm-echo";
    task.status = TaskStatus.CANCELLED;
    task.owner = userId(alice);
    task.createdAt = frozen;
    task.finishedAt = frozen;
    tasks.insert(task);

    JsonPath tried =
        Waits.until(
            () -> deliveries(alice, webhookId),
            d -> assertThat(d.getList("attempts", Integer.class)).containsExactly(1));
    assertThat(tried.getString("[0].status")).as(tried.prettify()).isEqualTo("PENDING");
    assertThat(tried.getString("[0].lastResponseCode")).as(tried.prettify()).isEqualTo("500");
    // The backoff (200 ms in tests) is on the clock: frozen, no second try comes.
    assertThat(Instant.parse(tried.getString("[0].nextTryAt"))).isEqualTo(frozen.plusMillis(200));
    assertThat(Instant.parse(tried.getString("[0].retryUntil")))
        .isEqualTo(frozen.plus(Duration.ofHours(24)));

    clock.advance(Duration.ofHours(25));
    JsonPath failed =
        Waits.until(
            () -> deliveries(alice, webhookId),
            d -> assertThat(d.getString("[0].status")).isEqualTo("FAILED"));
    assertThat(failed.getInt("[0].attempts")).isEqualTo(2);
    assertThat(failed.getString("[0].nextTryAt")).isNull();
    assertThat(receiver.received()).hasSize(2);
  }

  @Test
  void badInputIsAProblemThatSaysWhatIsWrongAndChangesNothing() {
    as(alice)
        .contentType(ContentType.JSON)
        .body(Map.of("url", "ftp://example.com/x", "events", List.of("task.succeeded")))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("url"))
        .body("detail", containsString("http:// or https://"));
    as(alice)
        .contentType(ContentType.JSON)
        .body(
            Map.of("url", "http://127.0.0.1:1/x", "events", List.of("task.done", "module.failed")))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("events[0]"))
        .body("errors.field", hasItem("events[1]"))
        .body("detail", containsString("'task.done' is not an event"))
        .body("detail", containsString("admins' webhooks only"));
    as(alice)
        .contentType(ContentType.JSON)
        .body(Map.of("events", List.of()))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(422)
        .body("errors.field", hasItem("url"))
        .body("errors.field", hasItem("events"));
    as(alice)
        .contentType(ContentType.JSON)
        .body("{\"url\": 5, \"events\": \"task.succeeded\"}")
        .post("/api/v1/webhooks")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    as(alice).get("/api/v1/webhooks").then().statusCode(200).body("size()", equalTo(0));

    String id =
        createWebhook(alice, "http://127.0.0.1:1/x", List.of("task.succeeded"))
            .getString("webhook.id");
    as(alice)
        .contentType(ContentType.JSON)
        .body(Map.of("url", "file:///etc/passwd"))
        .patch("/api/v1/webhooks/" + id)
        .then()
        .statusCode(422)
        .body("errors.field", hasItem("url"));
    as(alice)
        .get("/api/v1/webhooks/" + id)
        .then()
        .statusCode(200)
        .body("url", equalTo("http://127.0.0.1:1/x"));
    as(alice)
        .contentType(ContentType.JSON)
        .body(Map.of("events", List.of("task.failed"), "active", false))
        .patch("/api/v1/webhooks/" + id)
        .then()
        .statusCode(200)
        .body("events", equalTo(List.of("task.failed")))
        .body("active", equalTo(false));
    as(alice)
        .get("/api/v1/webhooks/" + id + "/deliveries?limit=0")
        .then()
        .statusCode(400)
        .body("detail", containsString("limit"));
    as(alice).get("/api/v1/webhooks/not-an-id").then().statusCode(400);
    as(alice).get("/api/v1/webhooks/" + DataRepository.newId()).then().statusCode(404);
    // An admin's webhook may hear modules.
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("url", "http://127.0.0.1:1/x", "events", List.of("module.available")))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(201);
  }

  @Test
  void privateAddressesAreRefusedUnlessAllowed() {
    WebhookUrls strict = new WebhookUrls(false);
    for (String url :
        List.of(
            "http://127.0.0.1/x",
            "http://localhost:8080/x",
            "http://10.1.2.3/x",
            "http://192.168.0.10/x",
            "http://172.16.5.5/x",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/x",
            "http://[fd00::1]/x",
            "http://0.0.0.0/x",
            "http://100.64.0.1/x")) {
      assertThat(strict.problem(url))
          .as(url)
          .hasValueSatisfying(p -> assertThat(p).contains("private"));
    }
    assertThat(strict.problem("https://93.184.216.34/hook")).isEmpty();
    assertThat(strict.problem("gopher://93.184.216.34/")).isPresent();
    assertThat(strict.problem("http://user:pw@93.184.216.34/")).isPresent();
    assertThat(new WebhookUrls(true).problem("http://127.0.0.1:9/x")).isEmpty();
  }

  @Test
  void backoffDoublesUpToItsMaximumAndStopsAtTheRetryTime() {
    Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1));
    assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(160));
    assertThat(backoff.after(20)).isEqualTo(Duration.ofHours(1));
    assertThat(backoff.after(1000)).isEqualTo(Duration.ofHours(1));
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(backoff.nextTry(1, now, now.plusSeconds(60))).contains(now.plusSeconds(10));
    assertThat(backoff.nextTry(4, now, now.plusSeconds(60))).isEmpty();
  }

  private Receiver receiver() {
    Receiver receiver = new Receiver();
    receivers.add(receiver);
    return receiver;
  }

  private static Receiver.Received awaitAccepted(Receiver receiver, String subject) {
    return Waits.until(
            receiver::accepted,
            r -> assertThat(r).anySatisfy(x -> assertThat(x.body()).contains(subject)))
        .stream()
        .filter(x -> x.body().contains(subject))
        .findFirst()
        .orElseThrow();
  }

  private static JsonPath createWebhook(String key, String url, List<String> events) {
    return as(key)
        .contentType(ContentType.JSON)
        .body(Map.of("url", url, "events", events, "description", "test"))
        .post("/api/v1/webhooks")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  private static JsonPath deliveries(String key, String webhookId) {
    return as(key)
        .get("/api/v1/webhooks/" + webhookId + "/deliveries")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static String inlineText(String key, String text) {
    return as(key)
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "TEXT", "text", text))
        .post("/api/v1/data")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String echoTask(String key, String text) {
    String input = inlineText(key, text);
    return as(key)
        .contentType(ContentType.JSON)
        .body(Map.of("module", "tm-echo", "inputs", Map.of("text", input)))
        .post("/api/v1/tasks")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String userId(String key) {
    return as(key).get("/api/v1/me").then().statusCode(200).extract().path("userId");
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

  private static RequestSpecification as(String key) {
    return given().header("Authorization", "Bearer " + key);
  }

  private static String hmac(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}
