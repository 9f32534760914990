package dev.taskmill.task;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.textItem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.data.DataRepository;
import dev.taskmill.instance.DatabaseWatch;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.run.LeaseRecovery;
import dev.taskmill.task.run.TaskJobs;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the database being away leaves behind (found by scripts/chaos): writes cut off midway are
 * repaired as soon as it answers again, and leases its outage kept from being renewed are left to
 * their holders for a moment before recovery takes their tasks.
 */
@QuarkusTest
class DatabaseOutageTest {

  @Inject DataRepository data;
  @Inject TaskRepository tasks;
  @Inject LeaseRecovery recovery;
  @Inject TaskJobs jobs;
  @Inject DatabaseWatch watch;
  @Inject TaskmillConfig config;

  @BeforeEach
  void echoModuleIsAvailable() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
  }

  /** No other test may see this instance as just back from an outage. */
  @AfterEach
  void steadyAgain() {
    Duration grace = config.instances().heartbeatInterval().multipliedBy(2);
    Waits.patiently().until(() -> watch.steadyFor(grace));
  }

  private Task task(TaskStatus status, String text) {
    Task task = new Task();
    task.id = new ObjectId().toHexString();
    task.module = "tm-echo";
    task.label = "outage";
    task.inputs.put("text", textItem(data, text));
    task.params = "{}";
    task.status = status;
    task.maxAttempts = 2;
    task.timeoutSeconds = 60;
    task.createdAt = Instant.now();
    task.queuedAt = Instant.now();
    TasksApi.pendingEchoOutputs(data, task);
    return task;
  }

  @Test
  void aClaimCutOffMidwayIsRepairedOnceTheDatabaseAnswers() {
    // The claimer took the queue entry, then the database went away before the task became
    // RUNNING: a QUEUED task without a queue entry, which nothing would claim until the periodic
    // full sweep (minutes later).
    Task task = task(TaskStatus.QUEUED, "cut off");
    TaskRepository.collection().insertOne(task);
    watch.failed();

    jobs.renewAndRecoverLeases();

    JsonPath done = await(task.id, "SUCCEEDED");
    assertThat(data.find(task.outputs.get("echo")).orElseThrow().text).isEqualTo("cut off");
    assertThat(done.getList("attempts.outcome")).containsExactly("SUCCEEDED");
  }

  @Test
  void leasesTheOutageKeptFromBeingRenewedAreLeftToTheirHoldersForAMoment() throws Exception {
    Task task = task(TaskStatus.RUNNING, "renewed late");
    task.attempt = 1;
    task.startedAt = Instant.now();
    task.lease = new Task.Lease();
    task.lease.owner = "instance-back-from-the-outage";
    task.lease.token = "its-token";
    task.lease.expiresAt = Instant.now().minusSeconds(1);
    tasks.insert(task);
    watch.failed();

    recovery.recoverExpired();
    assertThat(tasks.find(task.id).orElseThrow().status).isEqualTo(TaskStatus.RUNNING);

    // Its holder never renews it (it is really gone): once the database has been steady for two
    // heartbeats, recovery takes the task.
    Duration grace = config.instances().heartbeatInterval().multipliedBy(2);
    Waits.patiently().until(() -> watch.steadyFor(grace));
    recovery.recoverExpired();
    JsonPath done = await(task.id, "SUCCEEDED");
    assertThat(done.getList("attempts.outcome")).containsExactly("LOST", "SUCCEEDED");
  }
}
