package dev.taskmill.task;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskmill.data.DataRepository;
import dev.taskmill.task.run.ClaimGate;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A file store that cannot be written: uploads answer 507 and store nothing, the dispatcher claims
 * no task until it can be written again, and an attempt that could not store its outputs is lost to
 * the infrastructure (run again, not counted), not failed.
 *
 * <p>How the store is made unwritable: its {@code tmp/} folder, where every write starts (uploads
 * too), is replaced by a regular file. Creating a file in it then fails with a real I/O error from
 * the file system, also for root (for whom permission bits change nothing), without mounts or
 * mocks. The store is restored after each test.
 */
@QuarkusTest
class UnwritableStoreTest {

  private static final Duration WAIT = Duration.ofMinutes(2);

  @Inject DataRepository data;
  @Inject ClaimGate gate;
  @Inject dev.taskmill.config.TaskmillConfig config;

  private Path tmp;

  @BeforeEach
  void setUp() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    tmp = Path.of(config.fileStore().root()).toAbsolutePath().resolve("tmp");
  }

  @AfterEach
  void restoreTheStore() throws IOException {
    if (Files.isRegularFile(tmp)) {
      Files.delete(tmp);
    }
    Files.createDirectories(tmp);
  }

  private void breakTheStore() throws IOException {
    if (Files.isDirectory(tmp)) {
      try (var files = Files.list(tmp)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.delete(tmp);
    }
    Files.writeString(tmp, "not a folder");
  }

  private static long itemsTotal() {
    return given()
        .get("/api/v1/data?size=1")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("total");
  }

  @Test
  void anInlineItemTooLargeForTheDocumentAnswers507AndStoresNothing() throws IOException {
    long before = itemsTotal();
    breakTheStore();
    // Larger than the inline limit: its content goes to the file store.
    String big = "x".repeat(config.data().inlineLimitBytes() + 1);
    Response response =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("kind", "TEXT", "text", big))
            .post("/api/v1/data");
    assertThat(response.statusCode()).isEqualTo(507);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("detail"))
        .contains("file store cannot be written")
        .contains("nothing was stored")
        .doesNotContain(tmp.toString());
    assertThat(itemsTotal()).isEqualTo(before);
  }

  @Test
  void aFileUploadAnswers507AndStoresNothing() throws IOException {
    long before = itemsTotal();
    breakTheStore();
    Response response =
        given().multiPart("file", "a.txt", "hello".getBytes(), "text/plain").post("/api/v1/data");
    assertThat(response.statusCode()).isEqualTo(507);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("detail")).contains("file store cannot be written");
    assertThat(itemsTotal()).isEqualTo(before);
  }

  @Test
  void theUploadOperationDeclaresItsAnswerWhenTheStoreIsFull() {
    JsonPath doc =
        given()
            .accept("application/json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    String full = "paths.'/api/v1/data'.post.responses.'507'";
    assertThat(doc.getString(full + ".description")).contains("cannot be written");
    assertThat(doc.getString(full + ".content.'application/problem+json'.schema.'$ref'"))
        .endsWith("/Problem");
  }

  @Test
  void aQueuedTaskIsNotClaimedWhileTheStoreIsUnwritableAndRunsOnceItIsBack() throws IOException {
    String input = textItem(data, "waits for the store");
    breakTheStore();
    String id =
        TasksApi.create(Map.of("module", "tm-echo", "inputs", Map.of("text", input)))
            .getString("id");
    // The dispatcher asked (and was refused) twice after the task was queued: it would have
    // claimed it by now.
    long refused = gate.refusals();
    await().atMost(WAIT).until(() -> gate.refusals() >= refused + 2);
    JsonPath waiting = TasksApi.task(id);
    assertThat(waiting.getString("status")).isEqualTo("QUEUED");
    assertThat(waiting.getInt("attempt")).isZero();
    assertThat(waiting.getList("attempts")).isEmpty();

    restoreTheStore();
    JsonPath done = await(id, "SUCCEEDED");
    assertThat(done.getList("attempts.outcome")).containsExactly("SUCCEEDED");
  }

  @Test
  void anAttemptThatCannotStoreItsOutputsIsLostNotFailedAndRunsAgain() throws IOException {
    String input = textItem(data, "stored later");
    String id =
        TasksApi.create(
                Map.of(
                    "module",
                    "tm-echo",
                    "inputs",
                    Map.of("text", input),
                    "params",
                    Map.of("sleep", 2)))
            .getString("id");
    await(id, "RUNNING");
    breakTheStore();
    // The module ends, its file output cannot be stored: the attempt is lost, not counted, and
    // the task (one attempt, the default) waits in the queue instead of FAILING.
    await().atMost(WAIT).until(() -> !TasksApi.task(id).getList("attempts").isEmpty());
    JsonPath lost = TasksApi.task(id);
    assertThat(lost.getString("status")).isEqualTo("QUEUED");
    assertThat(lost.getString("attempts[0].outcome")).isEqualTo("LOST");
    assertThat(lost.getBoolean("attempts[0].counted")).isFalse();
    assertThat(lost.getString("attempts[0].message"))
        .contains("file store cannot be written")
        .doesNotContain(tmp.toString());
    assertThat(lost.getInt("maxAttempts")).isEqualTo(1);

    restoreTheStore();
    JsonPath done = await(id, "SUCCEEDED");
    assertThat(done.getList("attempts.outcome")).containsExactly("LOST", "SUCCEEDED");
    assertThat(done.getList("attempts.counted")).containsExactly(false, true);
    assertThat(done.getInt("infrastructureRetries")).isEqualTo(1);
  }
}
