package dev.taskmill.ui;

import static dev.taskmill.testing.ModulesApi.awaitDetectionFinished;
import static dev.taskmill.testing.ModulesApi.awaitStatus;
import static dev.taskmill.testing.ModulesApi.detect;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What a person sees on the dashboard, in Debian's headless Chromium ({@code
 * src/main/webui/e2e/what-a-person-sees.mjs}, as {@link DashboardBrowserTest} runs its script): a
 * visible audio player, SRT subtitles as cues on a video, no stale key banner, a live header on
 * every page, who is logged in, cancelled tasks said as such, readable graph labels at 1366 px,
 * confirmations before destructive actions, the progress percentage's colours, and a FAILED module
 * card that does not claim to be available. Screenshots go to {@code target/screenshots/}.
 */
@QuarkusTest
class WhatAPersonSeesBrowserTest {

  /** Bounds a hang of the browser script; it asserts no speed. */
  private static final long SCRIPT_LIMIT_MINUTES = 8;

  private static final Path ONCE_GOOD = Path.of("target/test-modules/e2e-once-good");

  @TestHTTPResource("/")
  URL root;

  /** Its folder goes; the next detection pass marks it MISSING (the service has stopped by now). */
  @AfterAll
  static void removeTheModule() throws IOException {
    if (Files.exists(ONCE_GOOD)) {
      try (Stream<Path> walk = Files.walk(ONCE_GOOD)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void aPersonSeesWhatTheDashboardMeans() throws IOException, InterruptedException {
    awaitStatus("tm-echo", "AVAILABLE");
    awaitStatus("text-stats", "AVAILABLE");
    moduleThatWorkedThenBroke();

    Path screenshots = Path.of("target/screenshots");
    Files.createDirectories(screenshots);
    String output =
        BrowserScript.run(
            SCRIPT_LIMIT_MINUTES,
            "what-a-person-sees.mjs",
            root.toString().replaceAll("/$", ""),
            screenshots.toAbsolutePath().toString());
    assertThat(output).doesNotContain("not ok").contains("E2E PASSED");
    for (String shot :
        new String[] {
          "sees-audio-player", "sees-video-subtitles", "sees-pipeline-1366", "sees-module-failed"
        }) {
      assertThat(screenshots.resolve(shot + ".png")).as("screenshot " + shot).exists();
    }
  }

  /** e2e-once-good: AVAILABLE at version 1, then FAILED at version 2 (its self-test fails). */
  private static void moduleThatWorkedThenBroke() throws IOException {
    // A detect during a running pass joins it, and that pass may have listed the folder already.
    awaitDetectionFinished();
    writeModule("1.0.0", "hi");
    detect();
    awaitDetectionFinished();
    awaitStatus("e2e-once-good", "AVAILABLE");
    writeModule("2.0.0", "something else");
    detect();
    awaitDetectionFinished();
    awaitStatus("e2e-once-good", "FAILED");
  }

  private static void writeModule(String version, String expected) throws IOException {
    Files.createDirectories(ONCE_GOOD);
    Files.writeString(
        ONCE_GOOD.resolve("main.py"),
        """
        from taskmill import Module, Input, Output, Kind, SelfTest, Fixture


        class OnceGood(Module):
            name = "e2e-once-good"
            version = "%s"
            description = "Worked at 1.0.0; its 2.0.0 self-test fails."
            inputs = [Input("text", Kind.TEXT)]
            outputs = [Output("echo", Kind.TEXT, media_type="text/plain")]

            def run(self, ctx):
                ctx.write_text("echo", ctx.inputs["text"].read_text())

            def self_test(self):
                def check(outputs):
                    assert outputs["echo"].read_text() == "%s", outputs["echo"].read_text()

                return SelfTest(inputs={"text": Fixture.text("hi")}, check=check)
        """
            .formatted(version, expected));
  }
}
