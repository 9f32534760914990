package dev.taskmill.api;

import static dev.taskmill.testing.DataApi.png;
import static dev.taskmill.testing.DataApi.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.taskmill.auth.AuthFilter;
import dev.taskmill.testing.ApiKeyCallback;
import dev.taskmill.testing.DataApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stored bytes never run as a page of the API's origin: every content answer is sandboxed and not
 * sniffed, active types download instead of displaying, and the cookie a browser holds cannot
 * change anything (the XSS of issue 12: an uploaded HTML page that POSTs /api/v1/keys as the admin
 * who opens it). The same attack in a real browser: {@code ui/UploadedScriptBrowserTest}.
 */
@QuarkusTest
class ContentSafetyTest {

  private static final String POLICY = "sandbox; default-src 'none'";

  static final String HTML =
      "<!doctype html><html><body><h1>hello</h1><script>fetch('/api/v1/keys',{method:'POST',"
          + "headers:{'Content-Type':'application/json'},"
          + "body:JSON.stringify({user:'mallory',role:'admin'})})</script></body></html>";

  static final String SVG =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
          + "<script>fetch('/api/v1/keys',{method:'POST'})</script>"
          + "<rect width=\"10\" height=\"10\"/></svg>";

  @Test
  void anUploadedHtmlPageDownloadsSandboxedAndUnsniffed() {
    String id =
        upload(HTML.getBytes(StandardCharsets.UTF_8), "page.html", "text/html").getString("id");
    for (Response response :
        new Response[] {given().get(contentUrl(id)), given().head(contentUrl(id))}) {
      response
          .then()
          .statusCode(200)
          .header("Content-Type", startsWith("text/html"))
          .header("Content-Security-Policy", POLICY)
          .header("X-Content-Type-Options", "nosniff")
          .header("Content-Disposition", "attachment; filename=\"page.html\"");
    }
  }

  @Test
  void anSvgWithAScriptDownloadsSandboxed() {
    String id =
        upload(SVG.getBytes(StandardCharsets.UTF_8), "logo.svg", "image/svg+xml").getString("id");
    given()
        .get(contentUrl(id))
        .then()
        .statusCode(200)
        .header("Content-Type", startsWith("image/svg+xml"))
        .header("Content-Security-Policy", POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Disposition", startsWith("attachment;"));
  }

  @Test
  void plainMediaAndTextStayInlineButSandboxed() {
    String image = upload(png(40, 30), "dot.png", "image/png").getString("id");
    given()
        .get(contentUrl(image))
        .then()
        .statusCode(200)
        .header("Content-Disposition", "inline; filename=\"dot.png\"")
        .header("Content-Security-Policy", POLICY)
        .header("X-Content-Type-Options", "nosniff");
    String text =
        DataApi.inline(Map.of("kind", "TEXT", "text", "<script>alert(1)</script>")).getString("id");
    given()
        .get(contentUrl(text))
        .then()
        .statusCode(200)
        .header("Content-Type", "text/plain; charset=utf-8")
        .header("Content-Disposition", startsWith("inline;"))
        .header("Content-Security-Policy", POLICY)
        .header("X-Content-Type-Options", "nosniff");
    // A conditional GET answers 304 with the same protection.
    String etag = given().head(contentUrl(image)).header("ETag");
    given()
        .header("If-None-Match", etag)
        .get(contentUrl(image))
        .then()
        .statusCode(304)
        .header("Content-Security-Policy", POLICY);
  }

  @Test
  void everyApiAnswerIsSandboxedToo() {
    // Logs and JSON echo what users and modules wrote; none of it may become a page.
    for (String path :
        new String[] {"/api/v1/modules/tm-echo/log", "/api/v1/me", "/api/v1/nothing"}) {
      given()
          .get(path)
          .then()
          .header("Content-Security-Policy", POLICY)
          .header("X-Content-Type-Options", "nosniff");
    }
  }

  @Test
  void theCookieAloneCannotChangeAnything() {
    int keysBefore = keyCount();
    String item = DataApi.inline(Map.of("kind", "TEXT", "text", "keep me")).getString("id");

    given()
        .header("Authorization", ApiKeyCallback.NO_KEY)
        .cookie(AuthFilter.COOKIE, ApiKeyCallback.ADMIN_KEY)
        .contentType(ContentType.JSON)
        .body(Map.of("user", "mallory", "role", "admin"))
        .post("/api/v1/keys")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("status", equalTo(403))
        .body("detail", containsString("Authorization: Bearer"))
        .body("detail", containsString("GET and HEAD only"));
    given()
        .header("Authorization", ApiKeyCallback.NO_KEY)
        .cookie(AuthFilter.COOKIE, ApiKeyCallback.ADMIN_KEY)
        .delete("/api/v1/data/" + item)
        .then()
        .statusCode(403)
        .contentType("application/problem+json");

    assertThat(keyCount()).as("no key was created").isEqualTo(keysBefore);
    given().get("/api/v1/data/" + item).then().statusCode(200);
    // Reading with the cookie still works (images, videos, the event stream).
    given()
        .header("Authorization", ApiKeyCallback.NO_KEY)
        .cookie(AuthFilter.COOKIE, ApiKeyCallback.ADMIN_KEY)
        .get(contentUrl(item))
        .then()
        .statusCode(200);
    // The header, with or without the cookie, may change things.
    given()
        .cookie(AuthFilter.COOKIE, ApiKeyCallback.ADMIN_KEY)
        .delete("/api/v1/data/" + item)
        .then()
        .statusCode(204);
  }

  @Test
  void onlyPlainMediaTextAndJsonDisplayInline() {
    for (String type :
        new String[] {
          "image/png",
          "image/jpeg",
          "video/mp4",
          "audio/wav",
          "text/plain; charset=utf-8",
          "application/json",
          "IMAGE/WEBP"
        }) {
      assertThat(ContentSafety.dispositionType(type)).as(type).isEqualTo("inline");
    }
    for (String type :
        new String[] {
          "text/html",
          "application/xhtml+xml",
          "image/svg+xml",
          "text/xml",
          "application/xml",
          "application/javascript",
          "text/javascript",
          "application/ecmascript",
          "application/pdf",
          "application/octet-stream",
          "text/css",
          "multipart/x-mixed-replace",
          "image/svg+xml;a=b",
          "video/vnd.x+xml",
          "",
          "nonsense",
          null
        }) {
      assertThat(ContentSafety.dispositionType(type))
          .as(String.valueOf(type))
          .isEqualTo("attachment");
    }
  }

  private static String contentUrl(String id) {
    return "/api/v1/data/" + id + "/content";
  }

  private static int keyCount() {
    return given()
        .get("/api/v1/keys")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$")
        .size();
  }
}
