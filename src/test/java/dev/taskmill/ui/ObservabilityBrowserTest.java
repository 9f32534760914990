package dev.taskmill.ui;

import static dev.taskmill.testing.ModulesApi.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The operator views in Debian's headless Chromium ({@code src/main/webui/e2e/observability.mjs},
 * run as {@link DashboardBrowserTest} runs its script): the throughput chart's bars for tasks that
 * ended, the pipeline timeline's rows, a video's media facts, the task log's times, search and
 * Download, and the Swagger UI link. Screenshots go to {@code target/screenshots/obs-*.png}.
 */
@QuarkusTest
class ObservabilityBrowserTest {

  /** Bounds a hang of the browser script; it asserts no speed. */
  private static final long SCRIPT_LIMIT_MINUTES = 8;

  @TestHTTPResource("/")
  URL root;

  @Test
  void anOperatorSeesThroughputTimelineMediaFactsLogsAndTheApiDocs()
      throws IOException, InterruptedException {
    awaitStatus("tm-echo", "AVAILABLE");

    Path screenshots = Path.of("target/screenshots");
    Files.createDirectories(screenshots);
    String output =
        BrowserScript.run(
            SCRIPT_LIMIT_MINUTES,
            "observability.mjs",
            root.toString().replaceAll("/$", ""),
            screenshots.toAbsolutePath().toString());
    assertThat(output).doesNotContain("not ok").contains("E2E PASSED");
    for (String shot :
        new String[] {
          "obs-throughput",
          "obs-timeline-1366",
          "obs-media-facts",
          "obs-log-search",
          "obs-swagger-authorize"
        }) {
      assertThat(screenshots.resolve(shot + ".png")).as("screenshot " + shot).exists();
    }
  }
}
