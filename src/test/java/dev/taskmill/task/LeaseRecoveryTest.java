package dev.taskmill.task;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.textItem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataOrigin;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.testing.ModulesApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A task whose instance died (its lease expired) runs again, or fails when attempts are spent. */
@QuarkusTest
class LeaseRecoveryTest {

  @Inject DataRepository data;
  @Inject TaskRepository tasks;
  @Inject LeaseRecovery recovery;

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
    for (String port : new String[] {"echo", "file"}) {
      DataItem out = new DataItem();
      out.id = DataRepository.newId();
      out.kind = port.equals("echo") ? DataKind.TEXT : DataKind.FILE;
      out.status = DataStatus.PENDING;
      out.origin = DataOrigin.TASK;
      out.producerTaskId = task.id;
      out.producerOutput = port;
      data.insert(out);
      task.outputs.put(port, out.id);
    }
    tasks.insert(task);
    return task;
  }

  @Test
  void anOrphanWithAttemptsLeftIsQueuedAgainAndRuns() {
    Task task = orphan(1, 2);
    recovery.recoverExpired();
    JsonPath done = await(task.id, "SUCCEEDED");
    assertThat(done.getList("attempts.outcome")).containsExactly("LOST", "SUCCEEDED");
    assertThat(done.getString("attempts[0].message")).contains("dead-instance");
    assertThat(data.find(task.outputs.get("echo")).orElseThrow().text).isEqualTo("orphan");
  }

  @Test
  void anOrphanWithNoAttemptLeftFailsWithItsOutputs() {
    Task task = orphan(1, 1);
    recovery.recoverExpired();
    JsonPath failed = await(task.id, "FAILED");
    assertThat(failed.getString("error.message")).contains("stopped renewing the lease");
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
}
