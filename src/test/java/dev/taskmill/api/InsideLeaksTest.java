package dev.taskmill.api;

import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.testing.DataApi;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What clients read says nothing about where the service lives on its host, and odd requests (a
 * page past the int range, a form with over 1,000 fields, text that is not Unicode) get a 4xx or
 * correct bytes, never a 500 or other bytes than those described.
 */
@QuarkusTest
class InsideLeaksTest {

  private static final String CWD = Path.of("").toAbsolutePath().toString();

  /** An absolute path: a slash that starts a word, followed by a folder name. */
  private static final Pattern ABSOLUTE = Pattern.compile("(^|[\\s('\"=:])/[A-Za-z.]");

  @Inject DataRepository data;

  @Test
  void healthNamesNoServerPaths() {
    JsonPath health = given().get("/q/health").then().extract().jsonPath();
    List<Map<String, Object>> checks = health.getList("checks");
    assertThat(checks).isNotEmpty();
    for (Map<String, Object> check : checks) {
      Object values = check.get("data");
      if (values instanceof Map<?, ?> map) {
        map.forEach(
            (key, value) ->
                assertThat(ABSOLUTE.matcher(String.valueOf(value)).find())
                    .as(check.get("name") + "." + key + " = " + value)
                    .isFalse());
      }
    }
    assertThat(health.prettify()).doesNotContain(CWD);
  }

  @Test
  void taskErrorsNameNoServerPaths() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    // The module fails with an error that names an absolute path, as many real errors do.
    String missing = CWD + "/target/test-work/no-such-folder/counter";
    Map<String, Object> body = new HashMap<>();
    body.put("module", "tm-echo");
    body.put("inputs", Map.of("text", textItem(data, "t")));
    body.put("params", Map.of("counterFile", missing));
    String id = TasksApi.create(body).getString("id");
    JsonPath failed = TasksApi.await(id, "FAILED");
    assertThat(failed.getString("error.message"))
        .contains("target/test-work/no-such-folder/counter")
        .doesNotContain(CWD);
    // The params keep what the client sent; what the service says about the task does not leak.
    assertThat(String.valueOf(failed.getMap("error"))).doesNotContain(CWD);
    assertThat(String.valueOf(failed.getList("attempts"))).doesNotContain(CWD);
    for (String output : failed.getMap("outputs", String.class, String.class).values()) {
      JsonPath item = given().get("/api/v1/data/" + output).jsonPath();
      assertThat(item.getString("reason")).contains("no-such-folder").doesNotContain(CWD);
    }
  }

  @Test
  void aPagePastTheIntRangeIsEmptyNotTheFirst() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    Map<String, Object> body = new HashMap<>();
    body.put("module", "tm-echo");
    body.put("inputs", Map.of("text", textItem(data, "t")));
    TasksApi.create(body);
    DataApi.inline(Map.of("kind", "TEXT", "text", "x"));
    for (String path : List.of("/api/v1/tasks", "/api/v1/pipelines", "/api/v1/data")) {
      JsonPath page =
          given()
              .queryParam("page", Integer.MAX_VALUE)
              .get(path)
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(page.getList("items")).as(path).isEmpty();
      assertThat(page.getLong("page")).as(path).isEqualTo(Integer.MAX_VALUE);
    }
    JsonPath tasks = given().queryParam("page", Integer.MAX_VALUE).get("/api/v1/tasks").jsonPath();
    assertThat(tasks.getLong("total")).isPositive();
  }

  @Test
  void aFormWithTooManyFieldsIsABadRequest() {
    var request = DataApi.multipart("hi".getBytes(StandardCharsets.UTF_8), "a.txt", "text/plain");
    for (int i = 0; i < 1001; i++) {
      request.multiPart("tags", "t" + i);
    }
    long items = DataItem.count();
    Response answer = request.post("/api/v1/data");
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.jsonPath().getString("detail")).contains("too many fields");
    assertThat(DataItem.count()).isEqualTo(items);

    // One field past quarkus.http.limits.max-form-attribute-size (64 KiB) is refused too.
    Response large =
        DataApi.multipart("hi".getBytes(StandardCharsets.UTF_8), "a.txt", "text/plain")
            .multiPart("label", "l".repeat(70 * 1024))
            .post("/api/v1/data");
    assertThat(large.statusCode()).isBetween(400, 499);
    assertThat(large.contentType()).startsWith("application/problem+json");
    assertThat(DataItem.count()).isEqualTo(items);
  }

  @Test
  void textThatIsNotUnicodeIsRefused() {
    long items = DataItem.count();
    for (String body :
        List.of(
            "{\"kind\":\"TEXT\",\"text\":\"a\\ud800b\"}",
            "{\"kind\":\"TEXT\",\"text\":\"a\\udc00\"}",
            "{\"kind\":\"JSON\",\"json\":{\"k\":\"\\ud800\"}}",
            "{\"kind\":\"TEXT\",\"text\":\"x\",\"metadata\":{\"k\":\"\\ud800\"}}",
            "{\"kind\":\"TEXT\",\"text\":\"x\",\"label\":\"\\ud800\"}")) {
      Response answer = given().contentType(ContentType.JSON).body(body).post("/api/v1/data");
      assertThat(answer.statusCode()).as(body).isEqualTo(422);
      assertThat(answer.jsonPath().getString("detail")).as(body).contains("Unicode");
    }
    assertThat(DataItem.count()).isEqualTo(items);
  }

  @Test
  void theSizeAndDigestAreThoseOfTheBytesServed() {
    // A pair of surrogates is one character (U+1F600): valid, and served as its 4 UTF-8 bytes.
    JsonPath item =
        given()
            .contentType(ContentType.JSON)
            .body("{\"kind\":\"TEXT\",\"text\":\"a\\ud83d\\ude00b\"}")
            .post("/api/v1/data")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    byte[] served = DataApi.content(item.getString("id"));
    assertThat(served).isEqualTo("a\uD83D\uDE00b".getBytes(StandardCharsets.UTF_8));
    assertThat(item.getLong("size")).isEqualTo(served.length);
    assertThat(item.getString("sha256")).isEqualTo(DataApi.sha256(served));
  }
}
