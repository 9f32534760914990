package dev.taskmill.api;

import static dev.taskmill.testing.TasksApi.create;
import static dev.taskmill.testing.TasksApi.task;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.store.LocalFileStore;
import dev.taskmill.store.StoreBackend;
import dev.taskmill.testing.DataApi;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hostile module tm-evil (src/test/resources/task-modules) against the real runtime: real
 * subprocesses (one leaves a child flipping its output's name), real files, real HTTP. Whatever it
 * tries, the store gets regular files of its own with the module's own bytes, a download never
 * serves a file from outside the work folder, and inputs keep their bytes.
 */
@QuarkusTest
class HostileModulesTest {

  private static final String SECRET = "root:x:0:0:a host file the module must not publish\n";

  @Inject DataRepository data;
  @Inject @StoreBackend LocalFileStore store;

  private Path outside;

  @BeforeEach
  void moduleAndOutsideFile() throws Exception {
    ModulesApi.awaitStatus("tm-evil", "AVAILABLE");
    // Next to the work folder, on the same file system, so a hard link to it can be made.
    Path dir = Files.createDirectories(Path.of("target/hostile-outside").toAbsolutePath());
    outside = Files.writeString(dir.resolve("secret-" + UUID.randomUUID() + ".txt"), SECRET);
  }

  private JsonPath run(String attack, Map<String, String> inputs) {
    JsonPath created =
        create(
            Map.of(
                "module",
                "tm-evil",
                "inputs",
                inputs,
                "params",
                Map.of("attack", attack, "outside", outside.toString(), "seconds", 15)));
    String id = created.getString("id");
    return TasksApi.awaitEnd(id);
  }

  /** The item's stored object is a regular file of its own and serves the module's own bytes. */
  private void assertOwnBytesOnly(String itemId) throws Exception {
    DataItem item = data.find(itemId).orElseThrow();
    Path object = store.localPath(item.storageKey);
    assertThat(Files.isSymbolicLink(object)).as("the stored object is a link").isFalse();
    assertThat(Files.getAttribute(object, "unix:nlink", LinkOption.NOFOLLOW_LINKS))
        .as("the stored object shares its inode")
        .isEqualTo(1);
    assertThat(Files.isSameFile(object, outside)).isFalse();
    assertThat(new String(DataApi.content(itemId), StandardCharsets.UTF_8)).isEqualTo("own bytes");
  }

  @Test
  void aBehavingRunPublishesACopyOfItsOutput() throws Exception {
    JsonPath done = run("none", Map.of());
    assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
    assertOwnBytesOnly(done.getString("outputs.file"));
  }

  @Test
  void anOutputThatIsASymbolicLinkOrInsideALinkedFolderFailsTheTask() {
    for (String attack : List.of("symlink", "symlink-folder")) {
      JsonPath done = run(attack, Map.of());
      assertThat(done.getString("status")).as(attack).isEqualTo("FAILED");
      assertThat(done.getString("error.message"))
          .as(attack)
          .contains("output 'file'")
          .doesNotContain(outside.toString());
    }
  }

  @Test
  void anOutputThatIsAHardLinkToAFileOutsideFailsTheTask() throws Exception {
    JsonPath done = run("hardlink", Map.of());
    assertThat(done.getString("status")).isEqualTo("FAILED");
    assertThat(done.getString("error.message")).contains("output 'file'", "hard link");
    assertThat(Files.getAttribute(outside, "unix:nlink")).isEqualTo(1);
    assertThat(outside).hasContent(SECRET);
  }

  /**
   * A child the module leaves behind keeps flipping out/ok.txt between a file and a link to the
   * host file while the output is published (the bug: a stored object that was a symbolic link to
   * /etc/passwd, or the host file's own inode). Several runs, since it is a race.
   */
  @Test
  void aNameFlippedByALeftoverChildNeverPublishesALinkOrTheHostFile() throws Exception {
    for (String attack : List.of("flip-symlink", "flip-hardlink")) {
      for (int run = 0; run < 6; run++) {
        JsonPath done = run(attack, Map.of());
        if (done.getString("status").equals("SUCCEEDED")) {
          assertOwnBytesOnly(done.getString("outputs.file"));
        } else {
          assertThat(done.getString("error.message")).as(attack).contains("output 'file'");
        }
      }
    }
    assertThat(outside).hasContent(SECRET);
  }

  @Test
  void aModuleThatTruncatesItsInputFailsAndTheInputKeepsItsBytes() {
    byte[] bytes = "0123456789 an input that must keep all of its bytes".getBytes();
    JsonPath input = DataApi.upload(bytes, "victim.txt", "text/plain");
    String id = input.getString("id");

    JsonPath done = run("truncate-input", Map.of("victim", id));
    assertThat(done.getString("status")).isEqualTo("FAILED");
    assertThat(done.getString("error.message")).contains("changed its input 'victim'");

    assertThat(DataApi.content(id)).isEqualTo(bytes);
    DataItem item = data.find(id).orElseThrow();
    assertThat(item.sha256).isEqualTo(DataApi.sha256(bytes));
    // A later task reads all of it: run a behaving consumer of the same input.
    JsonPath again = run("none", Map.of("victim", id));
    assertThat(again.getString("status")).isEqualTo("SUCCEEDED");
    assertThat(DataApi.content(id)).isEqualTo(bytes);
  }

  @Test
  void aDamagedStoredObjectIsReportedAsSuchToReadersAndToTasks() throws Exception {
    byte[] bytes = "ten bytes!".getBytes();
    String id = DataApi.upload(bytes, "damaged.txt", "text/plain").getString("id");
    Path object = store.localPath(data.find(id).orElseThrow().storageKey);
    // Damage behind the store's back (it is read-only: whoever did it made it writable first).
    Files.setPosixFilePermissions(object, PosixFilePermissions.fromString("rw-r--r--"));
    Files.write(object, "ten".getBytes());

    for (String method : List.of("GET", "HEAD")) {
      var response = given().request(method, "/api/v1/data/" + id + "/content");
      response.then().statusCode(409);
      if (method.equals("GET")) {
        response
            .then()
            .contentType(Problem.MEDIA_TYPE)
            .body(
                "detail",
                allOf(
                    containsString("data item '" + id + "' is damaged"),
                    containsString("10 bytes expected, 3 found")));
      }
    }

    JsonPath consumer = run("none", Map.of("victim", id));
    assertThat(consumer.getString("status")).isEqualTo("FAILED");
    assertThat(consumer.getString("error.message"))
        .contains("data item '" + id + "' is damaged", "10 bytes expected, 3 found");
    assertThat(task(consumer.getString("id")).getString("status")).isEqualTo("FAILED");
  }
}
