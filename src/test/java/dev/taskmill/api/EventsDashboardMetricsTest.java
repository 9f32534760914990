package dev.taskmill.api;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.create;
import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataRepository;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live stream, the dashboard and the Prometheus metrics, after real task runs. */
@QuarkusTest
class EventsDashboardMetricsTest {

  @Inject DataRepository data;

  @TestHTTPResource("/api/v1/events")
  URL events;

  @BeforeEach
  void echoModuleIsAvailable() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
  }

  /** The event stream, read line by line into a queue by a daemon thread. */
  private record EventStream(HttpResponse<Stream<String>> response, BlockingQueue<String> lines) {}

  private EventStream openEvents() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpClient client = HttpClient.newHttpClient();
    CompletableFuture<HttpResponse<Stream<String>>> stream =
        client.sendAsync(
            HttpRequest.newBuilder(URI.create(events.toString()))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + dev.taskmill.testing.ApiKeyCallback.ADMIN_KEY)
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> response = stream.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    Thread reader =
        new Thread(
            () -> {
              try {
                response.body().forEach(lines::add);
              } catch (UncheckedIOException closed) {
                // The test closed the stream: reading ends. Uncaught, it failed whichever test ran
                // next (CI's FerretDB pass).
              }
            },
            "sse-reader");
    reader.setDaemon(true);
    reader.start();
    return new EventStream(response, lines);
  }

  @Test
  void theEventStreamCarriesTaskAndDataChangesAndHeartbeats() throws Exception {
    EventStream events = openEvents();
    HttpResponse<Stream<String>> response = events.response();
    BlockingQueue<String> lines = events.lines();
    try {
      JsonPath task =
          create(Map.of("module", "tm-echo", "inputs", Map.of("text", textItem(data, "e"))));
      String id = task.getString("id");
      String output = task.getString("outputs.echo");
      await(id, "SUCCEEDED");

      List<String> seen = collectUntil(lines, l -> l.contains(id) && l.contains("SUCCEEDED"));
      assertThat(seen).anyMatch(l -> l.startsWith("event:task") || l.startsWith("event: task"));
      assertThat(seen).anyMatch(l -> l.contains(id) && l.contains("RUNNING"));
      List<String> more =
          collectUntil(lines, l -> l.contains(output) && l.contains("AVAILABLE"), seen);
      assertThat(more).anyMatch(l -> l.startsWith("event:data") || l.startsWith("event: data"));
      collectUntil(lines, l -> l.startsWith(":") && l.contains("heartbeat"), more);

      // A detection pass announces its start and its end, so nobody polls while it runs.
      String pass =
          io.restassured.RestAssured.given()
              .post("/api/v1/modules/detect")
              .then()
              .statusCode(202)
              .extract()
              .path("id");
      List<String> detection =
          collectUntil(lines, l -> l.contains(pass) && l.contains("\"FINISHED\""));
      assertThat(detection)
          .anyMatch(l -> l.startsWith("event:detection") || l.startsWith("event: detection"));
      assertThat(detection.get(detection.size() - 1)).contains("\"counts\"").contains("finishedAt");
    } finally {
      response.body().close();
    }
  }

  @Test
  void aRunningTasksProgressIsSentLiveWithoutAStatusChange() throws Exception {
    EventStream events = openEvents();
    try {
      // 2 s in 10 steps: progress every 0.2 s, stored (and sent) at most every 0.25 s.
      String id =
          create(
                  Map.of(
                      "module",
                      "tm-echo",
                      "inputs",
                      Map.of("text", textItem(data, "p")),
                      "params",
                      Map.of("sleep", 2)))
              .getString("id");
      List<String> seen =
          collectUntil(events.lines(), l -> l.contains(id) && l.contains("SUCCEEDED"));
      List<Double> fractions =
          seen.stream()
              .filter(l -> l.contains(id) && l.contains("\"RUNNING\"") && l.contains("fraction"))
              .map(l -> JsonPath.from(l.substring(l.indexOf('{'))).getDouble("progress.fraction"))
              .toList();
      // Several RUNNING events, each with a later fraction: the bar moves on events alone.
      assertThat(fractions).hasSizeGreaterThanOrEqualTo(2);
      assertThat(fractions).isSorted();
      assertThat(fractions.get(fractions.size() - 1)).isGreaterThan(fractions.get(0));
    } finally {
      events.response().body().close();
    }
  }

  private static List<String> collectUntil(
      BlockingQueue<String> lines, java.util.function.Predicate<String> stop, List<String> seen) {
    for (String line : seen) {
      if (stop.test(line)) {
        return seen;
      }
    }
    Waits.takeUntil(lines, stop, seen);
    return seen;
  }

  private static List<String> collectUntil(
      BlockingQueue<String> lines, java.util.function.Predicate<String> stop) {
    return collectUntil(lines, stop, new java.util.ArrayList<>());
  }

  @Test
  void theDashboardShowsCountsPlannedRecentAndModuleRuns() {
    JsonPath done =
        await(
            create(Map.of("module", "tm-echo", "inputs", Map.of("text", textItem(data, "d"))))
                .getString("id"),
            "SUCCEEDED");
    String planned =
        create(
                Map.of(
                    "module",
                    "tm-echo",
                    "inputs",
                    Map.of("text", textItem(data, "p")),
                    "delaySeconds",
                    3600))
            .getString("id");

    JsonPath dashboard =
        given().get("/api/v1/dashboard").then().statusCode(200).extract().jsonPath();
    assertThat(dashboard.getLong("counts.tasks.SUCCEEDED")).isGreaterThanOrEqualTo(1);
    assertThat(dashboard.getLong("counts.tasks.WAITING")).isGreaterThanOrEqualTo(1);
    assertThat(dashboard.getLong("counts.data.AVAILABLE")).isGreaterThanOrEqualTo(1);
    assertThat(dashboard.getInt("counts.modules.AVAILABLE")).isGreaterThanOrEqualTo(2);
    assertThat(dashboard.getList("planned.id", String.class)).contains(planned);
    assertThat(dashboard.getList("recent.id", String.class)).contains(done.getString("id"));
    Map<String, Object> echo = dashboard.getMap("modules.find { it.module == 'tm-echo' }");
    assertThat(((Number) echo.get("runs")).longValue()).isGreaterThanOrEqualTo(1);
    assertThat(((Number) echo.get("successRate")).doubleValue()).isBetween(0.0, 1.0);
    assertThat(((Number) echo.get("meanMillis")).doubleValue()).isGreaterThan(0.0);
    assertThat(dashboard.getInt("workerSlots")).isEqualTo(2);

    given().post("/api/v1/tasks/" + planned + "/cancel").then().statusCode(200);
  }

  @Test
  void prometheusMetricsCoverTasksAndModules() {
    JsonPath task =
        create(Map.of("module", "tm-echo", "inputs", Map.of("text", textItem(data, "m"))));
    await(task.getString("id"), "SUCCEEDED");
    // Served bytes are counted from the first download on.
    given()
        .get("/api/v1/data/" + task.getString("outputs.echo") + "/content")
        .then()
        .statusCode(200);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("taskmill_tasks{status=\"SUCCEEDED\"}")
        .contains("taskmill_queue_depth")
        .contains("taskmill_data_served_bytes_total")
        .contains("taskmill_task_duration_seconds_bucket{module=\"tm-echo\",outcome=\"SUCCEEDED\"")
        .contains("taskmill_task_attempts_total{module=\"tm-echo\",outcome=\"SUCCEEDED\"}");
  }
}
