package dev.taskmill.task;

import static dev.taskmill.testing.TasksApi.create;
import static dev.taskmill.testing.TasksApi.delayedEcho;
import static dev.taskmill.testing.TasksApi.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataOrigin;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.SettableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PENDING output whose producer task does not exist (a crash between inserting the outputs and
 * the task) is failed by the repair sweep, and so is the task waiting for it; nothing waits
 * forever.
 */
@QuarkusTest
class OrphanOutputsTest {

  @Inject SettableClock clock;
  @Inject DataRepository data;
  @Inject TaskGraph graph;

  @BeforeEach
  void echoModuleIsAvailable() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
  }

  @AfterEach
  void realTimeAgain() {
    clock.release();
  }

  /** A PENDING text output of a task that was never recorded, created now (on the clock). */
  private String outputOfAMissingTask() {
    DataItem item = new DataItem();
    item.kind = DataKind.TEXT;
    item.mediaType = "text/plain";
    item.label = "lost:echo";
    item.status = DataStatus.PENDING;
    item.origin = DataOrigin.TASK;
    item.producerTaskId = new ObjectId().toHexString();
    item.producerOutput = "echo";
    return data.insert(item).id;
  }

  @Test
  void anOutputWithoutItsProducerFailsAndSoDoesItsReader() {
    clock.freeze();
    String orphan = outputOfAMissingTask();
    String reader =
        create(Map.of("module", "tm-echo", "inputs", Map.of("text", orphan))).getString("id");
    // A delayed task's outputs: PENDING, and their producer exists.
    JsonPath delayed = delayedEcho(data, "later", 3600);
    assertThat(task(reader).getString("status")).isEqualTo("WAITING");

    clock.advance(OrphanOutputs.GRACE.plus(Duration.ofSeconds(1)));
    String young = outputOfAMissingTask();
    graph.promoteWaiting();

    DataItem failed = data.find(orphan).orElseThrow();
    assertThat(failed.status).isEqualTo(DataStatus.FAILED);
    assertThat(failed.reason)
        .contains("producer task " + failed.producerTaskId + " does not exist");
    JsonPath readerNow = task(reader);
    assertThat(readerNow.getString("status")).isEqualTo("FAILED");
    assertThat(readerNow.getString("error.message")).contains(orphan).contains("FAILED");
    // Within the grace period its task may still be on its way: left alone.
    assertThat(data.find(young).orElseThrow().status).isEqualTo(DataStatus.PENDING);
    assertThat(data.find(delayed.getString("outputs.echo")).orElseThrow().status)
        .isEqualTo(DataStatus.PENDING);
    assertThat(task(delayed.getString("id")).getString("status")).isEqualTo("WAITING");
  }
}
