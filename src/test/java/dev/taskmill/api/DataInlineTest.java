package dev.taskmill.api;

import static dev.taskmill.testing.DataApi.content;
import static dev.taskmill.testing.DataApi.inline;
import static dev.taskmill.testing.DataApi.sha256;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inline TEXT and JSON items; the test profile sets the inline limit to 1 KiB. */
@QuarkusTest
class DataInlineTest {

  @Test
  void aTextItemKeepsItsContentInlineAndServesIt() {
    String text = "Grüße aus Köln\n";
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    JsonPath item =
        inline(Map.of("label", "greeting", "kind", "TEXT", "text", text, "tags", List.of("a")));
    assertThat(item.getString("kind")).isEqualTo("TEXT");
    assertThat(item.getString("mediaType")).isEqualTo("text/plain");
    assertThat(item.getBoolean("isFile")).isFalse();
    assertThat(item.getLong("size")).isEqualTo(utf8.length);
    assertThat(item.getString("sha256")).isEqualTo(sha256(utf8));
    assertThat(item.getMap("")).doesNotContainKeys("text", "json");

    given()
        .get(item.getString("contentUrl"))
        .then()
        .statusCode(200)
        .header("Content-Type", "text/plain; charset=utf-8")
        .header("Content-Length", String.valueOf(utf8.length))
        .header("ETag", "\"" + sha256(utf8) + "\"");
    assertThat(content(item.getString("id"))).isEqualTo(utf8);
    given()
        .header("Range", "bytes=0-3")
        .get(item.getString("contentUrl"))
        .then()
        .statusCode(206)
        .body(equalTo("Grü"));
  }

  @Test
  void aJsonItemIsStoredAsItsJsonText() {
    JsonPath item =
        inline(
            Map.of(
                "kind", "JSON", "json", Map.of("words", 3), "metadata", Map.of("source", "test")));
    assertThat(item.getString("kind")).isEqualTo("JSON");
    assertThat(item.getString("label")).isEqualTo("json");
    assertThat(item.getString("mediaType")).isEqualTo("application/json");
    assertThat(item.getString("metadata.source")).isEqualTo("test");
    byte[] body = content(item.getString("id"));
    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"words\":3}");
    assertThat(item.getString("sha256")).isEqualTo(sha256(body));
    given()
        .get(item.getString("contentUrl"))
        .then()
        .header("Content-Type", "application/json")
        .body("words", equalTo(3));
  }

  @Test
  void contentPastTheInlineLimitGoesToTheFileStore() {
    String text = "x".repeat(5000);
    JsonPath item = inline(Map.of("kind", "TEXT", "text", text));
    assertThat(item.getBoolean("isFile")).isTrue();
    assertThat(item.getLong("size")).isEqualTo(5000);
    assertThat(item.getString("sha256")).isEqualTo(sha256(text.getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(content(item.getString("id")), StandardCharsets.UTF_8)).isEqualTo(text);

    JsonPath json = inline(Map.of("kind", "JSON", "json", List.of("y".repeat(2000))));
    assertThat(json.getBoolean("isFile")).isTrue();
    assertThat(json.getString("mediaType")).isEqualTo("application/json");
  }

  @Test
  void wrongKindsAndMisplacedContentAre422() {
    assertInvalid(Map.of("kind", "IMAGE", "text", "x"), "must be TEXT or JSON");
    assertInvalid(Map.of("text", "x"), "'kind' is required");
    assertInvalid(Map.of("kind", "JSON", "text", "{}"), "not 'text'");
    assertInvalid(Map.of("kind", "TEXT", "json", Map.of()), "not 'json'");
    assertInvalid(Map.of("kind", "TEXT"), "needs its content in 'text'");
    assertInvalid(Map.of("kind", "JSON"), "needs its content in 'json'");
    assertInvalid(Map.of("kind", "TEXT", "text", "x", "label", " "), "'label' must not be blank");
    assertInvalid(Map.of("kind", "TEXT", "text", "x", "metadata", "a"), "JSON object");
  }

  @Test
  void aBodyThatIsNotJsonIs400() {
    given()
        .contentType("application/json")
        .body("{\"kind\": ")
        .post("/api/v1/data")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString("not valid JSON"));
    given()
        .contentType("application/json")
        .body("{\"kind\": \"TEXT\", \"text\": \"x\", \"tags\": {\"a\": 1}}")
        .post("/api/v1/data")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", equalTo("The request body has a value of the wrong type at 'tags'."));
    given()
        .contentType("application/json")
        .post("/api/v1/data")
        .then()
        .statusCode(422)
        .contentType(Problem.MEDIA_TYPE);
    given()
        .contentType("text/plain")
        .body("hello")
        .post("/api/v1/data")
        .then()
        .statusCode(415)
        .contentType(Problem.MEDIA_TYPE)
        // Both ways to create an item, the upload and the inline JSON.
        .header("Accept", equalTo("application/json, multipart/form-data"))
        .body("detail", containsString("application/json or multipart/form-data"));
  }

  private static void assertInvalid(Map<String, ?> body, String detailPart) {
    given()
        .contentType("application/json")
        .body(body)
        .post("/api/v1/data")
        .then()
        .statusCode(422)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString(detailPart));
  }
}
