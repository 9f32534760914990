package dev.taskmill.task;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.textItem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.store.FileStore;
import dev.taskmill.store.StoredFile;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.run.LeaseRecovery;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A task whose instance died (its lease expired) runs again, or fails when attempts are spent. */
@QuarkusTest
class LeaseRecoveryTest {

  @Inject DataRepository data;
  @Inject TaskRepository tasks;
  @Inject LeaseRecovery recovery;
  @Inject FileStore store;

  @BeforeEach
  void echoModuleIsAvailable() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
  }

  /** A RUNNING task as a dead instance would have left it: lease long expired. */
  private Task orphan(int attempt, int maxAttempts) {
    Task task = new Task();
    task.id = new ObjectId().toHexString();
    task.module = "tm-echo";
    task.label = "orphan";
    task.inputs.put("text", textItem(data, "orphan"));
    task.params = "{}";
    task.status = TaskStatus.RUNNING;
    task.attempt = attempt;
    task.maxAttempts = maxAttempts;
    task.timeoutSeconds = 60;
    task.createdAt = Instant.now();
    task.startedAt = Instant.now();
    task.lease = new Task.Lease();
    task.lease.owner = "dead-instance";
    task.lease.token = "dead-token";
    task.lease.expiresAt = Instant.EPOCH;
    TasksApi.pendingEchoOutputs(data, task);
    tasks.insert(task);
    return task;
  }

  @Test
  void anOrphanWithAttemptsLeftIsQueuedAgainAndRuns() {
    Task task = orphan(1, 2);
    Instant firstQueued = Instant.parse("2026-01-02T03:04:05Z");
    TaskRepository.collection()
        .updateOne(
            com.mongodb.client.model.Filters.eq("_id", task.id),
            com.mongodb.client.model.Updates.set("queuedAt", firstQueued));
    recovery.recoverExpired();
    // Back in the queue at its old place, ahead of everything queued since.
    assertThat(tasks.find(task.id).orElseThrow().queuedAt).isEqualTo(firstQueued);
    JsonPath done = await(task.id, "SUCCEEDED");
    assertThat(done.getList("attempts.outcome")).containsExactly("LOST", "SUCCEEDED");
    assertThat(done.getString("attempts[0].message")).contains("dead-instance");
    assertThat(data.find(task.outputs.get("echo")).orElseThrow().text).isEqualTo("orphan");
  }

  @Test
  void anOrphanWithTheDefaultSingleAttemptRunsAgainWithoutSpendingIt() {
    Task task = orphan(1, 1);
    recovery.recoverExpired();
    JsonPath done = await(task.id, "SUCCEEDED");
    // The lost attempt is on the record, marked as not counted, and did not use up the one.
    assertThat(done.getList("attempts.outcome")).containsExactly("LOST", "SUCCEEDED");
    assertThat(done.getList("attempts.counted")).containsExactly(false, true);
    assertThat(done.getString("attempts[0].message"))
        .contains("stopped renewing the lease")
        .contains("dead-instance");
    assertThat(done.getInt("infrastructureRetries")).isEqualTo(1);
    assertThat(done.getInt("maxAttempts")).isEqualTo(1);
    assertThat(data.find(task.outputs.get("echo")).orElseThrow().text).isEqualTo("orphan");
  }

  @Inject dev.taskmill.config.TaskmillConfig config;

  @Test
  void anOrphanLostTooOftenFailsWithItsOutputsAndSaysWhy() {
    Task task = orphan(1, 3);
    int cap = config.tasks().maxInfrastructureRetries();
    TaskRepository.collection()
        .updateOne(
            com.mongodb.client.model.Filters.eq("_id", task.id),
            com.mongodb.client.model.Updates.set("infrastructureRetries", cap));
    recovery.recoverExpired();
    JsonPath failed = await(task.id, "FAILED");
    assertThat(failed.getString("error.message"))
        .contains("lost to the infrastructure " + (cap + 1) + " times")
        .contains("taskmill.tasks.max-infrastructure-retries")
        .contains("stopped renewing the lease");
    assertThat(failed.getList("attempts.outcome")).containsExactly("LOST");
    assertThat(failed.getList("attempts.counted")).containsExactly(false);
    assertThat(data.find(task.outputs.get("echo")).orElseThrow().status)
        .isEqualTo(DataStatus.FAILED);
  }

  @Test
  void aLiveLeaseIsLeftAlone() {
    Task task = orphan(1, 2);
    TaskRepository.collection()
        .updateOne(
            com.mongodb.client.model.Filters.eq("_id", task.id),
            com.mongodb.client.model.Updates.set(
                "lease.expiresAt", Instant.now().plusSeconds(600)));
    recovery.recoverExpired();
    assertThat(tasks.find(task.id).orElseThrow().status).isEqualTo(TaskStatus.RUNNING);
    // Clean up: nobody runs it, so fail it explicitly.
    tasks.transitionLeased(task.id, "dead-token", TaskStatus.FAILED);
  }

  @Test
  void aResultCommittedBeforeItsInstanceDiedIsPublishedByRecovery() throws Exception {
    Task task = orphan(1, 1);
    StoredFile file =
        store.write(new ByteArrayInputStream("committed file".getBytes(StandardCharsets.UTF_8)));
    Task.Output echo = new Task.Output();
    echo.port = "echo";
    echo.itemId = task.outputs.get("echo");
    echo.text = "committed";
    echo.size = 9L;
    echo.sha256 = "x";
    echo.mediaType = "text/plain";
    Task.Output stored = new Task.Output();
    stored.port = "file";
    stored.itemId = task.outputs.get("file");
    stored.isFile = true;
    stored.storageKey = file.key();
    stored.size = file.size();
    stored.sha256 = file.sha256();
    stored.mediaType = "text/plain";
    assertThat(
            tasks.updateLeased(
                task.id,
                "dead-token",
                com.mongodb.client.model.Updates.set("publication", List.of(echo, stored))))
        .isTrue();

    recovery.recoverExpired();

    JsonPath done = await(task.id, "SUCCEEDED");
    assertThat(done.getList("attempts.outcome")).containsExactly("SUCCEEDED");
    assertThat(done.getString("attempts[0].message")).contains("published by lease recovery");
    assertThat(data.find(echo.itemId).orElseThrow().text).isEqualTo("committed");
    DataItem published = data.find(stored.itemId).orElseThrow();
    assertThat(published.status).isEqualTo(DataStatus.AVAILABLE);
    assertThat(published.sha256).isEqualTo(file.sha256());
    assertThat(tasks.find(task.id).orElseThrow().publication).isNull();
  }

  @Test
  void aReusedResultCommittedBeforeItsInstanceDiedIsPublishedAsReused() {
    Task task = orphan(1, 1);
    Task.Output echo = new Task.Output();
    echo.port = "echo";
    echo.itemId = task.outputs.get("echo");
    echo.text = "copied";
    echo.size = 6L;
    echo.sha256 = "x";
    echo.mediaType = "text/plain";
    Task.Output missing = new Task.Output();
    missing.port = "file";
    missing.itemId = task.outputs.get("file");
    missing.missing = "the module did not produce this optional output";
    String earlier = new ObjectId().toHexString();
    assertThat(
            tasks.updateLeased(
                task.id,
                "dead-token",
                com.mongodb.client.model.Updates.set("publication", List.of(echo, missing)),
                com.mongodb.client.model.Updates.set("reuseKey", "k"),
                com.mongodb.client.model.Updates.set("reusedFrom", earlier)))
        .isTrue();

    recovery.recoverExpired();

    JsonPath done = await(task.id, "SUCCEEDED");
    assertThat(done.getList("attempts.outcome")).containsExactly("REUSED");
    assertThat(done.getString("reusedFrom")).isEqualTo(earlier);
    assertThat(data.find(echo.itemId).orElseThrow().text).isEqualTo("copied");
  }

  @Test
  void recoveryOfAResultPublishedBeforeItsInstanceDiedStillQueuesItsDependants() {
    Task task = orphan(1, 1);
    Task.Output echo = new Task.Output();
    echo.port = "echo";
    echo.itemId = task.outputs.get("echo");
    echo.text = "published";
    echo.size = 9L;
    echo.sha256 = "x";
    echo.mediaType = "text/plain";
    Task.Output missing = new Task.Output();
    missing.port = "file";
    missing.itemId = task.outputs.get("file");
    missing.missing = "the module did not produce this optional output";
    assertThat(
            tasks.updateLeased(
                task.id,
                "dead-token",
                com.mongodb.client.model.Updates.set("publication", List.of(echo, missing))))
        .isTrue();
    String dependant =
        TasksApi.create(Map.of("module", "tm-echo", "inputs", Map.of("text", echo.itemId)))
            .getString("id");
    assertThat(tasks.find(dependant).orElseThrow().status).isEqualTo(TaskStatus.WAITING);
    // The dead instance had published the output already, and died before its task's end.
    assertThat(
            data.transition(
                echo.itemId,
                DataStatus.PENDING,
                DataStatus.AVAILABLE,
                com.mongodb.client.model.Updates.set("text", "published")))
        .isPresent();

    recovery.recoverExpired();

    await(task.id, "SUCCEEDED");
    assertThat(await(dependant, "SUCCEEDED").getString("status")).isEqualTo("SUCCEEDED");
  }

  @Test
  void aLateResultFromALostLeaseIsDiscardedAndLeavesNoFile() throws Exception {
    Path root = Path.of("target/test-file-store").toAbsolutePath();
    Set<String> filesBefore = storedFiles(root);
    String id =
        TasksApi.create(
                Map.of(
                    "module",
                    "tm-echo",
                    "inputs",
                    Map.of("text", textItem(data, "late")),
                    "params",
                    Map.of("sleep", 2)))
            .getString("id");
    await(id, "RUNNING");
    // Another instance took the task over (this one's lease expired meanwhile).
    TaskRepository.collection()
        .updateOne(
            com.mongodb.client.model.Filters.eq("_id", id),
            com.mongodb.client.model.Updates.set("lease.token", "taken-over"));
    Task task = tasks.find(id).orElseThrow();
    // Not at once: the runner takes the task up just after its claim made it RUNNING.
    Waits.patiently()
        .pollDelay(Duration.ofMillis(200))
        .until(() -> !TasksApi.task(id).getList("attempts").isEmpty() || runnerDone(id));
    Task after = tasks.find(id).orElseThrow();
    assertThat(after.status).isEqualTo(TaskStatus.RUNNING);
    assertThat(after.publication).isNull();
    for (String output : task.outputs.values()) {
      assertThat(data.find(output).orElseThrow().status).isEqualTo(DataStatus.PENDING);
    }
    // Other tests' tasks may publish meanwhile: every file that appeared must (once its own
    // publication completes) back a data item. A file of the discarded result never would.
    Waits.patiently()
        .untilAsserted(
            () -> {
              Set<String> added = storedFiles(root);
              added.removeAll(filesBefore);
              for (String key : added) {
                assertThat(DataItem.count("storageKey", key))
                    .as("stored file %s backs a data item", key)
                    .isPositive();
              }
            });
    tasks.transitionLeased(id, "taken-over", TaskStatus.FAILED);
  }

  @Inject TaskExecutions executions;

  /** The runner is done with the task once it no longer runs here. */
  private boolean runnerDone(String id) {
    return executions.liveLog(id).isEmpty();
  }

  /** The names (storage keys) of the stored objects; temporary files left out. */
  private static Set<String> storedFiles(Path root) throws Exception {
    if (!Files.isDirectory(root)) {
      return new HashSet<>();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !root.relativize(f).startsWith("tmp"))
          .map(f -> f.getFileName().toString())
          .collect(Collectors.toCollection(HashSet::new));
    }
  }
}
