package dev.taskmill.task;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.create;
import static dev.taskmill.testing.TasksApi.task;
import static dev.taskmill.testing.TasksApi.textItem;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.taskmill.data.DataRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.run.LeaseRecovery;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.SettableClock;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backoff, delays and leases follow the injected clock: frozen, nothing moves; advanced, it does.
 */
@QuarkusTest
class ClockDrivenTest {

  @Inject SettableClock clock;
  @Inject DataRepository data;
  @Inject TaskRepository tasks;
  @Inject TaskGraph graph;
  @Inject LeaseRecovery recovery;

  @BeforeEach
  void echoModuleIsAvailable() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
  }

  @AfterEach
  void realTimeAgain() {
    clock.release();
  }

  @Test
  void theNextAttemptWaitsForTheBackoffOnTheClock(@TempDir Path dir) throws Exception {
    Instant frozen = clock.freeze();
    JsonPath created =
        create(
            Map.of(
                "module",
                "tm-echo",
                "inputs",
                Map.of("text", textItem(data, "b")),
                "maxAttempts",
                2,
                "params",
                Map.of("failFirst", 1, "counterFile", dir.resolve("runs").toString())));
    String id = created.getString("id");
    JsonPath waiting = awaitAttempts(id, 1);
    assertThat(waiting.getString("status")).isEqualTo("QUEUED");
    // Backoff base is 200 ms in tests: due 200 ms after the frozen instant.
    assertThat(Instant.parse(waiting.getString("notBefore"))).isEqualTo(frozen.plusMillis(200));

    // One millisecond early: no claim takes it, whoever makes it. Tasks of other tests that are
    // due on the frozen clock may be claimed here; they are handed straight back.
    clock.advance(Duration.ofMillis(199));
    java.util.List<Task> claimed = new java.util.ArrayList<>();
    for (var next = tasks.claimNext("test-claimer", Duration.ofMinutes(1), java.util.List.of());
        next.isPresent();
        next = tasks.claimNext("test-claimer", Duration.ofMinutes(1), java.util.List.of())) {
      claimed.add(next.get());
    }
    for (Task other : claimed) {
      tasks.requeueLeased(
          other.id, other.lease.token, com.mongodb.client.model.Updates.inc("attempt", -1));
    }
    assertThat(claimed).extracting(t -> t.id).doesNotContain(id);
    assertThat(task(id).getString("status")).isEqualTo("QUEUED");

    clock.advance(Duration.ofMillis(1));
    JsonPath done = await(id, "SUCCEEDED");
    assertThat(done.getList("attempts.outcome")).containsExactly("FAILED", "SUCCEEDED");
  }

  @Test
  void aDelayedTaskIsQueuedWhenTheClockReachesItsTime() {
    clock.freeze();
    String id =
        create(
                Map.of(
                    "module",
                    "tm-echo",
                    "inputs",
                    Map.of("text", textItem(data, "d")),
                    "delaySeconds",
                    3600))
            .getString("id");
    graph.promoteWaiting();
    assertThat(task(id).getString("status")).isEqualTo("WAITING");

    clock.advance(Duration.ofSeconds(3600));
    graph.promoteWaiting();
    await(id, "SUCCEEDED");
  }

  @Test
  void aLeaseExpiresOnlyWhenTheClockPassesIt() {
    Instant now = clock.freeze();
    String id =
        create(
                Map.of(
                    "module",
                    "tm-echo",
                    "inputs",
                    Map.of("text", textItem(data, "l")),
                    "delaySeconds",
                    60))
            .getString("id");
    // Make it look claimed by an instance that then died, its lease good for another 60 s.
    TaskRepository.collection()
        .updateOne(
            Filters.eq("_id", id),
            Updates.combine(
                Updates.set("status", "RUNNING"),
                Updates.set("attempt", 1),
                Updates.set("maxAttempts", 2),
                Updates.set("notBefore", null),
                Updates.set("lease.owner", "dead-instance"),
                Updates.set("lease.token", "dead-token"),
                Updates.set("lease.expiresAt", now.plusSeconds(60))));
    recovery.recoverExpired();
    assertThat(tasks.find(id).orElseThrow().status).isEqualTo(TaskStatus.RUNNING);

    clock.advance(Duration.ofSeconds(61));
    recovery.recoverExpired();
    // Queued again, after a backoff like a failed attempt's (200 ms in tests).
    assertThat(tasks.find(id).orElseThrow().status).isEqualTo(TaskStatus.QUEUED);
    clock.advance(Duration.ofSeconds(1));
    JsonPath done = await(id, "SUCCEEDED");
    assertThat(done.getList("attempts.outcome")).containsExactly("LOST", "SUCCEEDED");
  }

  private static JsonPath awaitAttempts(String id, int count) {
    return Waits.until(
        () -> task(id),
        task ->
            assertThat(
                    task.getList("attempts").size() >= count
                        && "QUEUED".equals(task.getString("status")))
                .as(() -> "task " + id + " never had " + count + " attempts: " + task.prettify())
                .isTrue());
  }
}
