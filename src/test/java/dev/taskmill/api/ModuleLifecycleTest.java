package dev.taskmill.api;

import static dev.taskmill.store.Folders.deleteTree;
import static dev.taskmill.testing.ModulesApi.awaitDetectionFinished;
import static dev.taskmill.testing.ModulesApi.awaitStatus;
import static dev.taskmill.testing.ModulesApi.detect;
import static dev.taskmill.testing.ModulesApi.module;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.taskmill.module.ModuleRepository;
import dev.taskmill.module.VirtualEnvs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real detection, setup and self-test of the example modules and of deliberately broken ones,
 * through the API, against a real MongoDB-wire server: venvs, pip and subprocesses all real.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModuleLifecycleTest {

  static final Path MODULES = Path.of("target/test-modules");
  static final Path LATE = MODULES.resolve("late-echo");
  static final Path NO_MAIN = MODULES.resolve("no-main");

  @Inject ModuleRepository modules;
  @Inject VirtualEnvs venvs;

  @BeforeEach
  void waitForDetection() {
    awaitDetectionFinished();
  }

  @AfterAll
  static void removeLateModules() throws IOException {
    deleteTree(LATE);
    deleteTree(NO_MAIN);
  }

  @Test
  @Order(1)
  void exampleModulesAreAvailableWithTheirManifest() {
    JsonPath textStats = module("text-stats");
    assertThat(textStats.getString("status")).as(textStats.prettify()).isEqualTo("AVAILABLE");
    assertThat(textStats.getString("inputs[0].kind")).isEqualTo("TEXT");
    assertThat(textStats.getString("outputs[0].kind")).isEqualTo("JSON");
    assertThat(textStats.getString("params.type")).isEqualTo("object");
    assertThat(textStats.getString("checksum")).hasSize(64);
    assertThat(textStats.getString("availableAt")).isNotNull();

    JsonPath resize = module("image-resize");
    assertThat(resize.getString("status")).as(resize.prettify()).isEqualTo("AVAILABLE");
    assertThat(resize.getList("requirements", String.class)).anyMatch(r -> r.startsWith("Pillow"));
    assertThat(resize.getString("outputs[0].kind")).isEqualTo("IMAGE");
  }

  @Test
  @Order(2)
  void theLogShowsSetupAndSelfTest() {
    String log =
        given().get("/api/v1/modules/image-resize/log").then().statusCode(200).extract().asString();
    assertThat(log).contains("== setup ==").contains("== self-test ==").contains("describe");
    // A cold setup shows pip at work; a warm one says it reused the environment.
    assertThat(log).containsAnyOf("pip install", "reusing the virtual environment");
  }

  @Test
  @Order(3)
  void brokenModulesFailWithAReasonAPersonUnderstands() {
    assertFailed("syntax-error", "syntax error at line");
    assertFailed("no-class", "Module");
    assertFailed("failing-test", "self-test failed");
    assertFailed("bad-requirement", "pip could not install");
    assertFailed("bad-requirement", "taskmill-no-such-package-xyz");
    assertFailed("slow-test", "did not finish within 20 s");
    assertFailed("greedy-test", "more than the 64 MB it declares");
  }

  @Test
  @Order(4)
  void listShowsEveryModuleSortedByName() {
    JsonPath list = given().get("/api/v1/modules").then().statusCode(200).extract().jsonPath();
    assertThat(list.getList("name", String.class))
        .contains("bad-requirement", "image-resize", "text-stats")
        .isSorted();
  }

  @Test
  @Order(5)
  void aModuleAddedLaterIsDetectedAndASecondDetectJoinsTheRunningPass() throws IOException {
    writeEcho("1.0.0");
    Files.createDirectories(NO_MAIN);
    Files.writeString(NO_MAIN.resolve("README.md"), "a folder without main.py\n");

    String first = detect();
    String second = detect();
    assertThat(second).as("a detect while one runs joins it").isEqualTo(first);
    awaitDetectionFinished();

    JsonPath late = module("late-echo");
    assertThat(late.getString("status")).as(late.prettify()).isEqualTo("AVAILABLE");
    assertThat(late.getString("version")).isEqualTo("1.0.0");
    assertFailed("no-main", "no main.py");
  }

  @Test
  @Order(6)
  void aChangedModuleIsSetUpAgain() throws IOException {
    String before = module("late-echo").getString("checksum");
    writeEcho("1.1.0");
    detect();
    awaitDetectionFinished();

    JsonPath late = module("late-echo");
    assertThat(late.getString("status")).isEqualTo("AVAILABLE");
    assertThat(late.getString("version")).isEqualTo("1.1.0");
    assertThat(late.getString("checksum")).isNotEqualTo(before);
  }

  @Test
  @Order(7)
  void anUnchangedModuleIsNotSetUpAgain() {
    String updatedAt = module("text-stats").getString("updatedAt");
    detect();
    JsonPath pass = awaitDetectionFinished();
    assertThat(pass.getInt("counts.UNCHANGED")).isGreaterThan(0);
    assertThat(module("text-stats").getString("updatedAt")).isEqualTo(updatedAt);
  }

  @Test
  @Order(8)
  void aRemovedModuleIsMissing() throws IOException {
    deleteTree(LATE);
    detect();
    awaitDetectionFinished();
    JsonPath late = module("late-echo");
    assertThat(late.getString("status")).isEqualTo("MISSING");
    assertThat(late.getString("reason")).contains("gone");
  }

  @Test
  @Order(9)
  void disableEnableAndReinstall() {
    given()
        .post("/api/v1/modules/text-stats/disable")
        .then()
        .statusCode(200)
        .body("status", equalTo("DISABLED"))
        .body("reason", containsString("disabled"));
    detect();
    awaitDetectionFinished();
    assertThat(module("text-stats").getString("status")).isEqualTo("DISABLED");

    given()
        .post("/api/v1/modules/text-stats/reinstall")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("enable it first"));

    given().post("/api/v1/modules/text-stats/enable").then().statusCode(202);
    awaitStatus("text-stats", "AVAILABLE");

    String oldKey = modules.find("text-stats").orElseThrow().envKey;
    given().post("/api/v1/modules/text-stats/reinstall").then().statusCode(202);
    JsonPath reinstalled = awaitStatus("text-stats", "AVAILABLE");
    String log = given().get("/api/v1/modules/text-stats/log").then().extract().asString();
    assertThat(log).as("a reinstall creates a fresh environment").contains("-m venv");
    assertThat(reinstalled.getString("reason")).isNull();
    String newKey = modules.find("text-stats").orElseThrow().envKey;
    assertThat(newKey).as("a reinstall gives the module a new environment").isNotEqualTo(oldKey);
    assertThat(venvs.isReady("text-stats", newKey)).isTrue();
    assertThat(venvs.isReady("text-stats", oldKey))
        .as("the old environment stays for tasks still running in it, until the cache sweep")
        .isTrue();
  }

  @Test
  @Order(10)
  void unknownModulesAre404Problems() {
    for (String path : new String[] {"/api/v1/modules/nope", "/api/v1/modules/nope/log"}) {
      given()
          .get(path)
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body("status", equalTo(404))
          .body("detail", equalTo("There is no module 'nope'."));
    }
    for (String action : new String[] {"disable", "enable", "reinstall"}) {
      given()
          .post("/api/v1/modules/nope/" + action)
          .then()
          .statusCode(404)
          .contentType("application/problem+json");
    }
  }

  private static void writeEcho(String version) throws IOException {
    Files.createDirectories(LATE);
    Files.writeString(
        LATE.resolve("main.py"),
        """
        from taskmill import Module, Input, Output, Kind, SelfTest, Fixture


        class LateEcho(Module):
            name = "late-echo"
            version = "%s"
            description = "Echoes its text input."
            inputs = [Input("text", Kind.TEXT)]
            outputs = [Output("echo", Kind.TEXT, media_type="text/plain")]

            def run(self, ctx):
                ctx.write_text("echo", ctx.inputs["text"].read_text())

            def self_test(self):
                def check(outputs):
                    assert outputs["echo"].read_text() == "hi", outputs["echo"].read_text()

                return SelfTest(inputs={"text": Fixture.text("hi")}, check=check)
        """
            .formatted(version));
  }

  private static void assertFailed(String name, String reasonPart) {
    JsonPath module = module(name);
    assertThat(module.getString("status")).as(module.prettify()).isEqualTo("FAILED");
    assertThat(module.getString("reason")).contains(reasonPart);
  }
}
