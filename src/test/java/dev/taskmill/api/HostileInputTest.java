package dev.taskmill.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bodies of the wrong shape, malformed JSON, malformed ids, huge pages and operator-looking filters
 * get a 4xx problem whose text names no Java type, package or stack frame.
 */
@QuarkusTest
class HostileInputTest {

  private static final List<String> BODIES =
      List.of("[1,2]", "\"text\"", "42", "{", "{\"module\": }", "null", "{\"a\":1}}", "\u0000");

  private static final List<String> POSTS =
      List.of("/api/v1/tasks", "/api/v1/pipelines", "/api/v1/keys", "/api/v1/data");

  @Test
  void wrongShapesAndBrokenJsonGetProblemsWithoutJavaNames() {
    for (String path : POSTS) {
      for (String body : BODIES) {
        Response answer = given().contentType(ContentType.JSON).body(body).post(path);
        assertThat(answer.statusCode()).as(path + " " + body).isBetween(400, 499);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertClean(answer);
      }
    }
    Response patch =
        given().contentType(ContentType.JSON).body("[1]").patch("/api/v1/data/" + "a".repeat(24));
    assertThat(patch.statusCode()).isBetween(400, 499);
    assertClean(patch);
  }

  @Test
  void malformedMultipartBodiesAreRefusedWith400() {
    String boundary = "95047ee863e13da945a2f8626f9aae1f";
    // A part with no headers (found by the fuzzer), and one whose body ends without its closing
    // boundary: the parser fails two different ways, both the client's mistake.
    for (String body :
        List.of(
            "--" + boundary + "\r\n[{}, [-1.3e+19, [None], 8615], []]--" + boundary + "--\r\n",
            "--" + boundary + "\r\n[{}]--" + boundary + "--\r\n",
            "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nab")) {
      Response answer =
          given()
              .contentType("multipart/form-data; boundary=" + boundary)
              .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .post("/api/v1/data");
      assertThat(answer.statusCode()).as(body).isEqualTo(400);
      assertThat(answer.contentType()).startsWith("application/problem+json");
      assertThat(answer.jsonPath().getString("detail")).contains("multipart body is malformed");
      assertClean(answer);
    }
  }

  @Test
  void malformedIdsAreRefusedWith400() {
    for (String path :
        List.of(
            "/api/v1/data/../../etc/passwd",
            "/api/v1/data/%24gt",
            "/api/v1/tasks/123",
            "/api/v1/pipelines/zzzzzzzzzzzzzzzzzzzzzzzz",
            "/api/v1/data/" + "f".repeat(25) + "/content")) {
      Response answer = given().get(path);
      assertThat(answer.statusCode()).as(path).isIn(400, 404);
      assertClean(answer);
    }
    assertThat(given().get("/api/v1/tasks/123").statusCode()).isEqualTo(400);
  }

  @Test
  void pagesAreCappedAndFiltersAreTakenLiterally() {
    given().get("/api/v1/data?size=100000").then().statusCode(400);
    given().get("/api/v1/tasks?size=100000").then().statusCode(400);
    given().get("/api/v1/data?page=-1").then().statusCode(400);
    // A filter that looks like a query operator is a literal string: it matches nothing.
    for (String label : List.of("{\"$gt\":\"\"}", "$where", ".*", "{\"$ne\":null}")) {
      Map<String, Object> page =
          given()
              .queryParam("label", label)
              .get("/api/v1/data")
              .then()
              .statusCode(200)
              .extract()
              .path("$");
      assertThat(((List<?>) page.get("items"))).isEmpty();
      given().queryParam("label", label).get("/api/v1/tasks").then().statusCode(200);
    }
    given().queryParam("status", "{\"$ne\":\"X\"}").get("/api/v1/tasks").then().statusCode(400);
    given().queryParam("kind", "{\"$gt\":\"\"}").get("/api/v1/data").then().statusCode(400);
  }

  @io.quarkus.test.common.http.TestHTTPResource("/")
  java.net.URL root;

  @Test
  void aBodyLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
    try (java.net.Socket socket = new java.net.Socket(root.getHost(), root.getPort())) {
      socket.setSoTimeout(10_000);
      String request =
          "POST /api/v1/data HTTP/1.1\r\nHost: localhost\r\n"
              + "Authorization: Bearer test-admin-key\r\n"
              + "Content-Type: multipart/form-data; boundary=x\r\n"
              + "Content-Length: 21474836480\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      StringBuilder read = new StringBuilder();
      byte[] buffer = new byte[4096];
      java.io.InputStream in = socket.getInputStream();
      while (!read.toString().contains("}")) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        read.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
      }
      String answer = read.toString();
      assertThat(answer).startsWith("HTTP/1.1 413");
      assertThat(answer).contains("application/problem+json");
      assertThat(answer).contains("at most 10.0 GiB");
    }
  }

  private static void assertClean(Response answer) {
    String text = answer.getBody().asString();
    assertThat(text)
        .doesNotContain("dev.taskmill")
        .doesNotContain("java.")
        .doesNotContain("com.fasterxml")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }
}
