package dev.taskmill.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.testing.ModulesApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser on a real service: Debian's headless Chromium, driven by
 * playwright-core from {@code src/main/webui/e2e/dashboard.mjs}, against this test's service
 * (embedded MongoDB, real module subprocesses). The script uploads an image by drag and drop,
 * creates an image-resize task from the generated form (seeing a 422 at its field first), watches
 * it reach SUCCEEDED live without reload (in a second tab too), opens the output's preview and
 * lineage, draws a pipeline, triggers Detect, and saves screenshots of every page at 1280 and 390
 * px under {@code target/screenshots/}. The build installs Chromium first ({@code
 * scripts/ensure-chromium}).
 */
@QuarkusTest
class DashboardBrowserTest {

  /** Bounds a hang of the browser script; it asserts no speed. */
  private static final long SCRIPT_LIMIT_MINUTES = 8;

  @TestHTTPResource("/")
  URL root;

  @BeforeEach
  void modulesAreAvailable() {
    ModulesApi.awaitStatus("image-resize", "AVAILABLE");
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE"); // slow, failing and cancelled tasks
  }

  @Test
  void theServiceServesTheDashboardWithoutOutsideResources() {
    String html =
        given()
            .get("/")
            .then()
            .statusCode(200)
            // revalidated at each visit, so an upgraded service serves its new dashboard at once
            .header("Cache-Control", "no-cache")
            .extract()
            .asString();
    assertThat(html).contains("<div id=\"app\">").contains("<title>Taskmill</title>");
    List<String> assets = new ArrayList<>();
    Matcher m = Pattern.compile("(?:src|href)=\"\\./(assets/[^\"]+)\"").matcher(html);
    while (m.find()) {
      assets.add(m.group(1));
    }
    assertThat(assets).as("the built script and stylesheet").hasSize(2);
    for (String asset : assets) {
      String body =
          given()
              .get("/" + asset)
              .then()
              .statusCode(200)
              .header(
                  "Content-Type",
                  org.hamcrest.Matchers.startsWith(
                      asset.endsWith(".js") ? "text/javascript" : "text/css"))
              .extract()
              .asString();
      // No fonts, scripts or styles from elsewhere: the machine may be offline.
      assertThat(body)
          .as(asset)
          .doesNotContainPattern("@import|url\\(\\s*['\"]?https?:")
          .doesNotContainPattern("https?://(?!www\\.w3\\.org/)[a-z0-9.-]+\\.[a-z]{2,}/");
    }
    assertThat(html).doesNotContainPattern("https?://(?!www\\.w3\\.org/)");
  }

  @Test
  void theBrowserFlowsWork() throws IOException, InterruptedException {
    Path screenshots = Path.of("target/screenshots");
    Files.createDirectories(screenshots);
    try (var old = Files.list(screenshots)) {
      for (Path png : old.filter(p -> p.toString().endsWith(".png")).toList()) {
        Files.delete(png); // so the checks below see this run's pictures only
      }
    }
    String base = root.toString().replaceAll("/$", "");
    String output =
        BrowserScript.run(
            SCRIPT_LIMIT_MINUTES, "dashboard.mjs", base, screenshots.toAbsolutePath().toString());
    assertThat(output).contains("E2E PASSED").doesNotContain("E2E FAILED");
    for (String page :
        List.of(
            "overview",
            "overview-busy",
            "tasks",
            "task-running",
            "task-failed",
            "data-faces",
            "data-video",
            "task",
            "data",
            "data-item",
            "data-output",
            "new-task-error",
            "pipeline",
            "modules")) {
      for (int width : new int[] {1280, 390}) {
        Path shot = screenshots.resolve(page + "-" + width + ".png");
        assertThat(shot).as("screenshot " + shot).exists();
        assertThat(Files.size(shot)).as("screenshot " + shot).isGreaterThan(5_000);
      }
    }
  }
}
