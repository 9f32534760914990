package dev.taskmill.module.bundle;

import static dev.taskmill.testing.ModulesApi.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.taskmill.data.DataRepository;
import dev.taskmill.data.OrphanFiles;
import dev.taskmill.module.ModuleRepository;
import dev.taskmill.module.ModuleStatus;
import dev.taskmill.store.FileStore;
import dev.taskmill.testing.TasksApi;
import dev.taskmill.testing.Waits;
import dev.taskmill.testing.Zips;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Module bundles through the API, with real zips built from files, the real file store, real
 * unpacking, venvs and module processes: an upload becomes AVAILABLE and runs tasks, a new version
 * replaces it, hostile zips are refused with nothing stored, and DELETE retires it.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModuleBundleTest {

  static final String NAME = "bundle-echo";
  static final Path BUNDLES = Path.of("target/test-bundles");
  static final Path STORE = Path.of("target/test-file-store");

  @Inject DataRepository data;
  @Inject ModuleRepository modules;
  @Inject OrphanFiles orphans;
  @Inject FileStore store;

  @Test
  @Order(1)
  void aZippedFolderBecomesAvailableAndRunsATask() {
    byte[] zip =
        Zips.ofText(Map.of(NAME + "/main.py", echo("1.0.0", "v1"), NAME + "/README.md", "hi"));
    JsonPath uploaded =
        upload(zip, NAME + ".zip", null).then().statusCode(202).extract().jsonPath();
    assertThat(uploaded.getString("name")).isEqualTo(NAME);
    assertThat(uploaded.getString("source")).isEqualTo("BUNDLE");
    assertThat(uploaded.getString("bundle")).isEqualTo(sha256(zip));

    JsonPath module = awaitStatus(NAME, "AVAILABLE");
    assertThat(module.getString("version")).isEqualTo("1.0.0");
    assertThat(versionsOnDisk()).containsExactly(sha256(zip).substring(0, 12));
    assertThat(BUNDLES.resolve(NAME).resolve(sha256(zip).substring(0, 12)).resolve("README.md"))
        .hasContent("hi");

    assertThat(runEcho("hello")).isEqualTo("v1:hello");
  }

  @Test
  @Order(2)
  void theSameZipAgainChangesNothing() {
    byte[] zip =
        Zips.ofText(Map.of(NAME + "/main.py", echo("1.0.0", "v1"), NAME + "/README.md", "hi"));
    String updatedAt = module().getString("updatedAt");
    upload(zip, "anything.zip", NAME)
        .then()
        .statusCode(200)
        .body("status", equalTo("AVAILABLE"))
        .body("updatedAt", equalTo(updatedAt));
  }

  @Test
  @Order(3)
  void aNewVersionReplacesTheOldOneAndIsSetUpAgain() throws IOException {
    // main.py at the top of the zip this time; the name comes from the form.
    byte[] zip = Zips.ofText(Map.of("main.py", echo("2.0.0", "v2")));
    upload(zip, "whatever.zip", NAME)
        .then()
        .statusCode(202)
        .body("status", equalTo("DETECTED"))
        .body("bundle", equalTo(sha256(zip)));
    JsonPath module =
        Waits.until(
            () -> module(),
            m ->
                assertThat(m.getString("status") + " " + m.getString("version"))
                    .isEqualTo("AVAILABLE 2.0.0"));
    assertThat(module.getString("bundle")).isEqualTo(sha256(zip));
    assertThat(runEcho("again")).isEqualTo("v2:again");
    assertThat(versionsOnDisk())
        .as("the old version's folder is gone")
        .containsExactly(sha256(zip).substring(0, 12));
    Bundle bundle = Bundle.findById(NAME);
    assertThat(bundle.checksum).isEqualTo(sha256(zip));

    // The orphan sweep, even with no minimum age, keeps the zip: a new instance fetches it.
    orphans.sweep(Duration.ZERO);
    assertThat(store.size(bundle.storageKey)).isEqualTo(zip.length);
  }

  @Test
  @Order(4)
  void hostileAndBrokenZipsAreRefusedWithNothingStored() throws IOException {
    long bundlesBefore = Bundle.count();
    long storedBefore = storedFiles();
    String main = echo("9.9.9", "evil");
    Map<String, byte[]> zeros = new LinkedHashMap<>();
    zeros.put("main.py", main.getBytes());
    zeros.put("zeros.bin", new byte[16 * 1024 * 1024]); // over the test cap of 8 MB unpacked
    byte[] bomb = Zips.of(zeros);
    assertThat(bomb.length).as("a bomb: small zip, large content").isLessThan(100_000);

    Map<String, String> many = new LinkedHashMap<>();
    many.put("main.py", main);
    for (int i = 0; i < 120; i++) {
      many.put("f" + i + ".txt", "x");
    }
    Map<String, String> twoMains = new LinkedHashMap<>();
    twoMains.put("a/main.py", main);
    twoMains.put("b/main.py", main);
    Map<String, String> duplicate = new LinkedHashMap<>();
    duplicate.put("main.py", main);
    duplicate.put("mainXpy", main);

    refused(Zips.ofText(Map.of("main.py", main, "../escape.py", "x")), "outside the bundle");
    refused(Zips.ofText(Map.of("main.py", main, "ok/../../escape.py", "x")), "outside the bundle");
    refused(Zips.ofText(Map.of("main.py", main, "/etc/evil.py", "x")), "absolute path");
    refused(
        Zips.markSymlink(Zips.ofText(Map.of("main.py", main, "link", "/etc/passwd")), "link"),
        "symbolic link");
    refused(bomb, "unpacks to more than 8388608 bytes");
    refused(Zips.claimSize(bomb, "zeros.bin", 10), "unpacks to more than");
    refused(Zips.ofText(many), "at most 100");
    refused(Zips.ofText(twoMains), "a main.py in each of a/, b/");
    refused(Zips.rename(Zips.ofText(duplicate), "mainXpy", "main.py"), "holds 'main.py' twice");
    refused(Zips.ofText(Map.of("src/run.py", "print(1)", "README.md", "x")), "no main.py");
    refused(Zips.ofText(Map.of("x/main.py", main, "y.txt", "x")), "also files outside");
    refused("this is no zip at all".getBytes(), "not a zip archive");
    upload(Zips.ofText(Map.of("main.py", main)), "Bad_Name.zip", null)
        .then()
        .statusCode(422)
        .body("detail", containsString("not a valid module name"));
    upload(Zips.ofText(Map.of("main.py", main)), "x.zip", "tm-echo")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("in the modules folder"));
    given()
        .multiPart("name", "no-file")
        .post("/api/v1/modules")
        .then()
        .statusCode(422)
        .body("detail", containsString("no 'file' part"));

    assertThat(Bundle.count()).as("no bundle recorded").isEqualTo(bundlesBefore);
    assertThat(storedFiles()).as("nothing kept in the file store").isEqualTo(storedBefore);
    assertThat(modules.find("evil")).isEmpty();
    assertThat(module().getString("version")).isEqualTo("2.0.0");
  }

  @Test
  @Order(5)
  void deleteRetiresTheBundleAndItsQueuedTasksFail() throws IOException {
    String storageKey = Bundle.<Bundle>findById(NAME).storageKey;
    long storedBefore = storedFiles();
    String waiting =
        TasksApi.create(
                Map.of(
                    "module",
                    NAME,
                    "inputs",
                    Map.of("text", TasksApi.textItem(data, "late")),
                    "delaySeconds",
                    2))
            .getString("id");

    given().delete("/api/v1/modules/" + NAME).then().statusCode(204);

    given().get("/api/v1/modules/" + NAME).then().statusCode(404);
    assertThat(Bundle.<Bundle>findById(NAME)).isNull();
    assertThat(storedFiles()).as("the stored zip is deleted").isEqualTo(storedBefore - 1);
    assertThat(storageKey).isNotBlank();
    Waits.until(
        () -> Files.exists(BUNDLES.resolve(NAME)),
        exists -> assertThat(exists).as("the unpacked folder is deleted").isFalse());

    JsonPath failed = TasksApi.await(waiting, "FAILED");
    assertThat(failed.prettify()).contains("module '" + NAME + "' is gone");
    given().delete("/api/v1/modules/" + NAME).then().statusCode(404);
  }

  @Test
  @Order(6)
  void aFolderModuleIsRemovedOnlyOnceItsFolderIsGone() {
    given()
        .delete("/api/v1/modules/tm-echo")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("remove that folder"));
    assertThat(modules.find("tm-echo")).isPresent();

    modules.insertDetected("gone-folder", "sum");
    modules.transition("gone-folder", List.of(ModuleStatus.DETECTED), ModuleStatus.MISSING);
    given()
        .get("/api/v1/modules/gone-folder")
        .then()
        .statusCode(200)
        .body("status", equalTo("MISSING"))
        .body("source", equalTo("FOLDER"));
    given().delete("/api/v1/modules/gone-folder").then().statusCode(204);
    given().get("/api/v1/modules/gone-folder").then().statusCode(404);
  }

  private static void refused(byte[] zip, String because) {
    upload(zip, "evil.zip", null)
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("detail", containsString(because));
  }

  private static Response upload(byte[] zip, String fileName, String name) {
    var request = given().multiPart("file", fileName, zip, "application/zip");
    if (name != null) {
      request = request.multiPart("name", name);
    }
    return request.post("/api/v1/modules");
  }

  private String runEcho(String text) {
    String id =
        TasksApi.create(
                Map.of("module", NAME, "inputs", Map.of("text", TasksApi.textItem(data, text))))
            .getString("id");
    JsonPath task = TasksApi.await(id, "SUCCEEDED");
    String item = task.getString("outputs.echo");
    return given()
        .get("/api/v1/data/" + item + "/content")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  private static JsonPath module() {
    return given().get("/api/v1/modules/" + NAME).then().statusCode(200).extract().jsonPath();
  }

  private static List<String> versionsOnDisk() {
    try (Stream<Path> versions = Files.list(BUNDLES.resolve(NAME))) {
      return versions.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static long storedFiles() throws IOException {
    try (Stream<Path> files = Files.walk(STORE)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !STORE.relativize(f).startsWith("tmp"))
          .count();
    }
  }

  private static String sha256(byte[] bytes) {
    return dev.taskmill.store.Sha256.of(bytes);
  }

  private static String echo(String version, String prefix) {
    return """
        from taskmill import Module, Input, Output, Kind, SelfTest, Fixture


        class BundleEcho(Module):
            name = "bundle-echo"
            version = "%s"
            description = "Echoes its text input with a prefix."
            inputs = [Input("text", Kind.TEXT)]
            outputs = [Output("echo", Kind.TEXT, media_type="text/plain")]

            def run(self, ctx):
                ctx.write_text("echo", "%s:" + ctx.inputs["text"].read_text())

            def self_test(self):
                def check(outputs):
                    assert outputs["echo"].read_text() == "%s:hi", outputs["echo"].read_text()

                return SelfTest(inputs={"text": Fixture.text("hi")}, check=check)
        """
        .formatted(version, prefix, prefix);
  }
}
