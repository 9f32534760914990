package dev.taskmill.api;

import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataRepository;
import dev.taskmill.media.probe.TestMedia;
import dev.taskmill.testing.DataApi;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An input port that takes several kinds (the test module tm-media takes AUDIO or VIDEO): the
 * module API shows them, either kind runs, anything else is a 422 naming all of them.
 */
@QuarkusTest
class MultiKindPortTest {

  @Inject DataRepository data;

  @BeforeEach
  void moduleIsSetUp() {
    ModulesApi.awaitStatus("tm-media", "AVAILABLE");
  }

  @Test
  void moduleApiShowsEveryKindAndKeepsTheFirstAsKind() {
    JsonPath module = ModulesApi.module("tm-media");
    assertThat(module.getList("inputs[0].kinds", String.class)).containsExactly("AUDIO", "VIDEO");
    assertThat(module.getString("inputs[0].kind")).isEqualTo("AUDIO");
    assertThat(module.getList("outputs[0].kinds", String.class)).containsExactly("JSON");
    // Single-kind modules show their one kind in both fields.
    JsonPath echo = ModulesApi.module("tm-echo");
    assertThat(echo.getList("inputs[0].kinds", String.class)).containsExactly("TEXT");
  }

  @Test
  void eitherKindRunsAndTheModuleSeesWhichOne() {
    String audio =
        DataApi.upload(TestMedia.wav(1, 16000, 16, 0.25), "tone.wav", "audio/wav").getString("id");
    String video =
        DataApi.upload(TestMedia.mp4(TestMedia.Mp4.standard()), "clip.mp4", "video/mp4")
            .getString("id");
    assertThat(DataApi.content(report(audio))).asString().contains("\"kind\":\"AUDIO\"");
    assertThat(DataApi.content(report(video))).asString().contains("\"kind\":\"VIDEO\"");
  }

  private String report(String input) {
    JsonPath task = TasksApi.create(Map.of("module", "tm-media", "inputs", Map.of("media", input)));
    TasksApi.await(task.getString("id"), "SUCCEEDED");
    return task.getString("outputs.report");
  }

  @Test
  void anotherKindIsRefusedNamingEveryAcceptedKind() {
    String text = textItem(data, "not a video");
    JsonPath problem =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("module", "tm-media", "inputs", Map.of("media", text)))
            .post("/api/v1/tasks")
            .then()
            .statusCode(422)
            .contentType("application/problem+json")
            .extract()
            .jsonPath();
    assertThat(problem.getList("errors.field", String.class)).containsExactly("inputs.media");
    assertThat(problem.getString("errors[0].message"))
        .isEqualTo("wants AUDIO or VIDEO but data item " + text + " is TEXT");
    assertThat(problem.getString("detail")).contains("wants AUDIO or VIDEO but data item");

    JsonPath missing =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("module", "tm-media", "inputs", Map.of()))
            .post("/api/v1/tasks")
            .then()
            .statusCode(422)
            .extract()
            .jsonPath();
    assertThat(missing.getString("errors[0].message")).isEqualTo("is required (AUDIO or VIDEO)");
  }

  @Test
  void pipelineStepsCheckPlannedOutputsAgainstEveryKind() {
    String text = textItem(data, "hello");
    // tm-echo's "file" output is FILE, which a port of AUDIO or VIDEO does not take.
    JsonPath problem =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "steps",
                    List.of(
                        Map.of("name", "a", "module", "tm-echo", "inputs", Map.of("text", text)),
                        Map.of(
                            "name",
                            "b",
                            "module",
                            "tm-media",
                            "inputs",
                            Map.of("media", Map.of("step", "a", "output", "file"))))))
            .post("/api/v1/pipelines")
            .then()
            .statusCode(422)
            .extract()
            .jsonPath();
    assertThat(problem.getString("detail")).contains("wants AUDIO or VIDEO").contains("is FILE");
  }
}
