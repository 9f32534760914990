package dev.taskmill.api;

import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.testing.DataApi;
import dev.taskmill.testing.ModulesApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JSON that clients store for others to read (metadata, params, inline JSON items) is bounded in
 * depth and size, tags in number, an upload carries one file, and its name never names a folder.
 * Each refusal is a 422 that names the field and the limit, and stores nothing.
 */
@QuarkusTest
class InputLimitsTest {

  @Inject DataRepository data;

  /** {@code levels} objects nested in each other: {"a":{"a":{...}}}. */
  private static String nested(int levels) {
    return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
  }

  private static JsonPath refused(RequestSpecification request, String method, String path) {
    long items = DataItem.count();
    long tasks = Task.count();
    JsonPath problem =
        request
            .request(method, path)
            .then()
            .statusCode(422)
            .contentType("application/problem+json")
            .extract()
            .jsonPath();
    assertThat(DataItem.count()).as("items stored").isEqualTo(items);
    assertThat(Task.count()).as("tasks created").isEqualTo(tasks);
    return problem;
  }

  private static RequestSpecification json(String body) {
    return given().contentType(ContentType.JSON).body(body);
  }

  @Test
  void deeplyNestedMetadataIsRefusedEveryWayItEnters() {
    String deep = nested(995);
    JsonPath inline =
        refused(
            json("{\"kind\":\"TEXT\",\"text\":\"x\",\"metadata\":" + deep + "}"),
            "POST",
            "/api/v1/data");
    assertThat(inline.getString("detail")).contains("metadata").contains("32 levels");
    assertThat(inline.getString("errors[0].field")).isEqualTo("metadata");

    JsonPath upload =
        refused(
            DataApi.multipart("hi".getBytes(StandardCharsets.UTF_8), "a.txt", "text/plain")
                .multiPart("metadata", deep),
            "POST",
            "/api/v1/data");
    assertThat(upload.getString("detail")).contains("metadata").contains("32 levels");

    String id = DataApi.inline(Map.of("kind", "TEXT", "text", "x")).getString("id");
    JsonPath patch = refused(json("{\"metadata\":" + deep + "}"), "PATCH", "/api/v1/data/" + id);
    assertThat(patch.getString("detail")).contains("metadata").contains("32 levels");
    assertThat(DataApi.content(id)).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
    given().get("/api/v1/data/" + id).then().statusCode(200);
    assertThat(given().get("/api/v1/data/" + id).jsonPath().getMap("metadata")).isNullOrEmpty();

    // The limit itself is allowed.
    DataApi.inline(Map.of("kind", "TEXT", "text", "x", "metadata", Map.of()));
    json("{\"kind\":\"TEXT\",\"text\":\"x\",\"metadata\":" + nested(32) + "}")
        .post("/api/v1/data")
        .then()
        .statusCode(201);
  }

  @Test
  void jsonDeeperThanTheParserTakesIsABadRequestThatSaysTheLimit() {
    String body = "{\"kind\":\"TEXT\",\"text\":\"x\",\"metadata\":" + nested(1001) + "}";
    JsonPath problem =
        json(body)
            .post("/api/v1/data")
            .then()
            .statusCode(400)
            .contentType("application/problem+json")
            .extract()
            .jsonPath();
    assertThat(problem.getString("detail"))
        .contains("maximum allowed (1000)")
        .doesNotContain("a value");
  }

  @Test
  void largeMetadataIsRefused() {
    String big = "{\"notes\":\"" + "n".repeat(70 * 1024) + "\"}";
    JsonPath problem =
        refused(
            json("{\"kind\":\"TEXT\",\"text\":\"x\",\"metadata\":" + big + "}"),
            "POST",
            "/api/v1/data");
    assertThat(problem.getString("detail")).contains("metadata").contains("64 KiB");
  }

  @Test
  void deeplyNestedInlineJsonIsRefused() {
    JsonPath problem =
        refused(json("{\"kind\":\"JSON\",\"json\":" + nested(33) + "}"), "POST", "/api/v1/data");
    assertThat(problem.getString("detail")).contains("json").contains("32 levels");
    json("{\"kind\":\"JSON\",\"json\":" + nested(32) + "}")
        .post("/api/v1/data")
        .then()
        .statusCode(201);
  }

  @Test
  void deeplyNestedOrLargeParamsAreRefusedForTasksAndPipelines() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    String text = textItem(data, "t");
    String inputs = "{\"text\":\"" + text + "\"}";
    JsonPath task =
        refused(
            json(
                "{\"module\":\"tm-echo\",\"inputs\":"
                    + inputs
                    + ",\"params\":{\"suffix\":"
                    + nested(995)
                    + "}}"),
            "POST",
            "/api/v1/tasks");
    assertThat(task.getString("errors[0].field")).isEqualTo("params");
    assertThat(task.getString("detail")).contains("32 levels");

    JsonPath large =
        refused(
            json(
                "{\"module\":\"tm-echo\",\"inputs\":"
                    + inputs
                    + ",\"params\":{\"suffix\":\""
                    + "s".repeat(70 * 1024)
                    + "\"}}"),
            "POST",
            "/api/v1/tasks");
    assertThat(large.getString("detail")).contains("params").contains("64 KiB");

    JsonPath pipeline =
        refused(
            json(
                "{\"steps\":[{\"name\":\"echo\",\"module\":\"tm-echo\",\"inputs\":"
                    + inputs
                    + ",\"params\":"
                    + nested(40)
                    + "}]}"),
            "POST",
            "/api/v1/pipelines");
    assertThat(pipeline.getString("detail")).contains("steps.echo.params").contains("32 levels");
  }

  @Test
  void tagsAreLimitedInNumber() {
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      tags.add("tag" + i);
    }
    JsonPath problem =
        refused(
            given()
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "TEXT", "text", "x", "tags", tags)),
            "POST",
            "/api/v1/data");
    assertThat(problem.getString("errors[0].field")).isEqualTo("tags");
    assertThat(problem.getString("detail")).contains("64");
    JsonPath item =
        DataApi.inline(Map.of("kind", "TEXT", "text", "x", "tags", tags.subList(0, 64)));
    assertThat(item.getList("tags")).hasSize(64);
  }

  @Test
  void aSecondFilePartIsRefusedNotDropped() {
    JsonPath problem =
        refused(
            DataApi.multipart("one".getBytes(StandardCharsets.UTF_8), "one.txt", "text/plain")
                .multiPart("file", "two.txt", "two".getBytes(StandardCharsets.UTF_8), "text/plain"),
            "POST",
            "/api/v1/data");
    assertThat(problem.getString("detail")).contains("2 'file' parts").contains("one file");
  }

  @Test
  void theUploadNameLosesItsFolders() {
    byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
    assertThat(DataApi.upload(text, "../../etc/x.txt", "text/plain").getString("label"))
        .isEqualTo("x.txt");
    assertThat(DataApi.upload(text, "C:\\a\\b.txt", "text/plain").getString("label"))
        .isEqualTo("b.txt");
    assertThat(DataApi.upload(text, "../..", "text/plain").getString("label")).isEqualTo("upload");
    String id = DataApi.upload(text, "/etc/y.txt", "text/plain").getString("id");
    String disposition =
        given()
            .get("/api/v1/data/" + id + "/content")
            .then()
            .extract()
            .header("Content-Disposition");
    assertThat(disposition).contains("y.txt").doesNotContain("etc");
  }
}
