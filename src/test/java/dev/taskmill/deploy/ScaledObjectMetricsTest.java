package dev.taskmill.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataRepository;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The series the KEDA ScaledObjects of deployment/ query are in the real service's {@code
 * /q/metrics}, with the figures a pool scales on: a GPU task no instance here can claim shows in
 * the GPU pool's backlog, with its waiting age, until it is cancelled.
 */
@QuarkusTest
class ScaledObjectMetricsTest {

  private static final List<Path> SCALERS =
      List.of(
          Path.of("deployment/worker/autoscaling/scaledobject.yaml"),
          Path.of("deployment/overlays/gpu-pool/pool/scaledobject.yaml"));

  /** A sample line of the Prometheus text format: name, labels, value. */
  private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{([^}]*)} (\\S+)$");

  @Inject DataRepository data;

  /** Every series by name and label pairs ("labels=gpu,module=tm-gpu"), scraped now. */
  private static Map<String, Double> scrape() {
    String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Map<String, Double> series = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches()) {
        String labels = m.group(2).replace("\"", "").replaceAll(",$", "");
        series.put(m.group(1) + "{" + labels + "}", Double.parseDouble(m.group(3)));
      }
    }
    return series;
  }

  private static double value(Map<String, Double> series, String metric, String pool) {
    return series.getOrDefault(metric + "{labels=" + pool + ",module=tm-gpu}", -1.0);
  }

  @Test
  void theScalersQueriesReadSeriesTheServiceExportsWithTheBacklogOfTheirPool() {
    ModulesApi.awaitStatus("tm-gpu", "AVAILABLE");
    // Other tests may have left GPU tasks QUEUED: compare with what is there now.
    double before = Math.max(0, value(scrape(), "taskmill_queue_backlog", "gpu"));
    String text = TasksApi.textItem(data, "scale me");
    String id =
        TasksApi.create(Map.of("module", "tm-gpu", "inputs", Map.of("text", text))).getString("id");

    // Served from a read at most a few seconds old: it shows up within that.
    Map<String, Double> series =
        Waits.until(
            ScaledObjectMetricsTest::scrape,
            s -> {
              assertThat(value(s, "taskmill_queue_backlog", "gpu")).isEqualTo(before + 1);
              assertThat(value(s, "taskmill_queue_oldest_age_seconds", "gpu")).isPositive();
            });
    assertThat(value(series, "taskmill_tasks_running", "gpu")).isZero();

    List<ScalerQuery.Selector> selectors = new ArrayList<>();
    for (Path file : SCALERS) {
      for (var object : Manifests.parse(file)) {
        ScaledObject scaler = (ScaledObject) object;
        scaler
            .getSpec()
            .triggers()
            .forEach(t -> selectors.addAll(ScalerQuery.selectors(t.metadata().get("query"))));
      }
    }
    assertThat(selectors).extracting(ScalerQuery.Selector::labels).contains("", "gpu");
    for (ScalerQuery.Selector selector : selectors) {
      // Every metric the scalers read is exported with a labels tag, so their selectors match.
      assertThat(series.keySet())
          .as(selector.toString())
          .anyMatch(name -> name.startsWith(selector.metric() + "{labels="));
    }
    assertThat(selectors)
        .filteredOn(s -> s.labels().equals("gpu"))
        .allSatisfy(s -> assertThat(series).containsKey(s.metric() + "{labels=gpu,module=tm-gpu}"));

    given().post("/api/v1/tasks/" + id + "/cancel").then().statusCode(200);
    Waits.until(
        ScaledObjectMetricsTest::scrape,
        s -> assertThat(value(s, "taskmill_queue_backlog", "gpu")).isEqualTo(before));
  }
}
