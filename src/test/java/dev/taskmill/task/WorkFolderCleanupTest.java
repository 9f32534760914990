package dev.taskmill.task;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.create;
import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.data.DataRepository;
import dev.taskmill.testing.ModulesApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A work folder that cannot be deleted when its attempt ends does not stop the next task (the
 * dispatcher goes on claiming); it is deleted by a later try once it can be.
 */
@QuarkusTest
class WorkFolderCleanupTest {

  @Inject DataRepository data;
  @Inject TaskmillConfig config;

  private Path pinned;

  @BeforeEach
  void echoModuleIsAvailable() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
  }

  @AfterEach
  void unpin() throws Exception {
    if (pinned != null) {
      chattr("-i", pinned);
      Files.deleteIfExists(pinned);
    }
  }

  @Test
  void anUndeletableWorkFolderIsRetriedAndNoWorkerEnds() throws Exception {
    String id =
        create(
                Map.of(
                    "module",
                    "tm-echo",
                    "inputs",
                    Map.of("text", textItem(data, "pinned")),
                    "params",
                    Map.of("sleep", 600)))
            .getString("id");
    Path folder =
        await("the attempt's work folder")
            .atMost(Duration.ofMinutes(2))
            .until(() -> workFolderOf(id), Optional::isPresent)
            .orElseThrow();
    // Root ignores permissions, but not the immutable attribute: the file cannot be deleted, so
    // neither can its folder.
    pinned = Files.writeString(folder.resolve("pinned"), "cannot be deleted");
    Assumptions.assumeTrue(
        chattr("+i", pinned) == 0, "chattr +i works here (root on ext4, tmpfs, ...)");

    given().post("/api/v1/tasks/" + id + "/cancel").then().statusCode(200);
    await(id, "CANCELLED");

    String next =
        create(Map.of("module", "tm-echo", "inputs", Map.of("text", textItem(data, "next"))))
            .getString("id");
    await(next, "SUCCEEDED");
    assertThat(folder).as("kept while it cannot be deleted").exists();

    chattr("-i", pinned);
    await("the folder deleted by a later try")
        .atMost(Duration.ofMinutes(2))
        .until(() -> !Files.exists(folder));
    pinned = null;
  }

  private Optional<Path> workFolderOf(String taskId) throws IOException {
    Path root = Path.of(config.tasks().workDir()).toAbsolutePath();
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> folders = Files.list(root)) {
      return folders.filter(f -> f.getFileName().toString().startsWith(taskId + "-")).findFirst();
    }
  }

  private static int chattr(String flag, Path file) throws Exception {
    try {
      return new ProcessBuilder("chattr", flag, file.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    } catch (IOException e) {
      return -1; // no chattr on this machine
    }
  }
}
