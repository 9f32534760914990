package dev.taskmill.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.time.Duration;

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
    long deadline = System.nanoTime() + SETUP_WAIT.toNanos();
    while (true) {
      var response = given().get("/api/v1/modules/detect");
      if (response.statusCode() == 200
          && "FINISHED".equals(response.jsonPath().getString("state"))) {
        return response.jsonPath();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("detection still running after " + SETUP_WAIT);
      }
      pause();
    }
  }

  /** Waits until module {@code name} is in {@code status}; returns it. */
  public static JsonPath awaitStatus(String name, String status) {
    long deadline = System.nanoTime() + SETUP_WAIT.toNanos();
    while (true) {
      JsonPath module = module(name);
      if (status.equals(module.getString("status"))) {
        return module;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " never reached " + status + ": " + module.prettify());
      }
      pause();
    }
  }

  /** GET /api/v1/modules/{name}, expecting 200. */
  public static JsonPath module(String name) {
    return given().get("/api/v1/modules/" + name).then().statusCode(200).extract().jsonPath();
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
