package dev.taskmill.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Modules page in a real browser on a real service ({@code src/main/webui/e2e/modules-page.mjs}
 * in Debian's headless Chromium, as {@link DashboardBrowserTest}): an admin uploads a module zip
 * through the form, sees it become AVAILABLE (real unpacking, venv and self-test), switches to the
 * table, filters it by status and removes the bundle; screenshots go to {@code target/screenshots}.
 */
@QuarkusTest
class ModulesPageBrowserTest {

  /** Bounds a hang of the browser script; it asserts no speed. */
  private static final long SCRIPT_LIMIT_MINUTES = 8;

  @TestHTTPResource("/")
  URL root;

  @Test
  void anAdminUploadsFiltersAndRemovesABundle() throws IOException, InterruptedException {
    Path screenshots = Path.of("target/screenshots");
    Files.createDirectories(screenshots);
    String base = root.toString().replaceAll("/$", "");
    String output =
        BrowserScript.run(
            SCRIPT_LIMIT_MINUTES,
            "modules-page.mjs",
            base,
            screenshots.toAbsolutePath().toString());

    assertThat(output).contains("E2E PASSED").doesNotContain("E2E FAILED");
    given().get("/api/v1/modules/ui-bundle").then().statusCode(404);
    for (String page : new String[] {"modules-uploaded", "modules-table"}) {
      for (int width : new int[] {1280, 390}) {
        Path shot = screenshots.resolve(page + "-" + width + ".png");
        assertThat(shot).as("screenshot " + shot).exists();
        assertThat(Files.size(shot)).as("screenshot " + shot).isGreaterThan(5_000);
      }
    }
  }
}
