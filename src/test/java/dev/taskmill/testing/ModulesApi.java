package dev.taskmill.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.awaitility.core.ConditionFactory;

/** Test helpers for the module API: bounded waits for background setup, not timing asserts. */
public final class ModulesApi {

  /** Generous: a cold setup pip-installs Pillow; this bounds a hang, it asserts no speed. */
  public static final Duration SETUP_WAIT = Duration.ofMinutes(8);

  private ModulesApi() {}

  /** Starts a detection pass (or joins the running one); returns its id. */
  public static String detect() {
    return given()
        .post("/api/v1/modules/detect")
        .then()
        .statusCode(202)
        .extract()
        .jsonPath()
        .getString("id");
  }

  /** Waits until the latest detection pass and all the setups it started have finished. */
  public static JsonPath awaitDetectionFinished() {
    return Waits.until(
            setupWait(),
            () -> given().get("/api/v1/modules/detect"),
            response ->
                assertThat(
                        response.statusCode() == 200 ? response.jsonPath().getString("state") : "")
                    .as("the state of the latest detection pass")
                    .isEqualTo("FINISHED"))
        .jsonPath();
  }

  /** Waits until module {@code name} is in {@code status}; returns it. */
  public static JsonPath awaitStatus(String name, String status) {
    return Waits.until(
        setupWait(),
        () -> module(name),
        module ->
            assertThat(module.getString("status"))
                .as(() -> name + " never reached " + status + ": " + module.prettify())
                .isEqualTo(status));
  }

  /** GET /api/v1/modules/{name}, expecting 200. */
  public static JsonPath module(String name) {
    return given().get("/api/v1/modules/" + name).then().statusCode(200).extract().jsonPath();
  }

  private static ConditionFactory setupWait() {
    return Waits.patiently().atMost(SETUP_WAIT).pollInterval(Duration.ofMillis(250));
  }
}
