package dev.taskmill.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.testing.ModulesApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operators' task actions in a real browser on a real service ({@code
 * src/main/webui/e2e/task-actions.mjs}, as {@link DashboardBrowserTest} runs its script): bulk
 * retry of all failed tasks matching a filter, search by label, sorting, run again with a changed
 * param, retry with a new timeout, pipeline cancel and retry of its failed steps, bulk delete, each
 * destructive action confirmed. Screenshots go to {@code target/screenshots/actions-*.png}.
 */
@QuarkusTest
class TaskActionsBrowserTest {

  /** Bounds a hang of the browser script; it asserts no speed. */
  private static final long SCRIPT_LIMIT_MINUTES = 8;

  @TestHTTPResource("/")
  URL root;

  @BeforeEach
  void echoIsAvailable() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
  }

  @Test
  void anOperatorActsOnTasksAndPipelines() throws IOException, InterruptedException {
    Path screenshots = Path.of("target/screenshots");
    Files.createDirectories(screenshots);
    String base = root.toString().replaceAll("/$", "");
    String output =
        BrowserScript.run(
            SCRIPT_LIMIT_MINUTES,
            "task-actions.mjs",
            base,
            screenshots.toAbsolutePath().toString());
    assertThat(output).contains("E2E PASSED").doesNotContain("E2E FAILED");
    for (String shot :
        List.of(
            "tasks-selected", "tasks-sorted", "run-again", "retry-dialog", "pipeline-cancelled")) {
      Path png = screenshots.resolve("actions-" + shot + ".png");
      assertThat(png).as("screenshot " + png).exists();
      assertThat(Files.size(png)).as("screenshot " + png).isGreaterThan(5_000);
    }
  }
}
