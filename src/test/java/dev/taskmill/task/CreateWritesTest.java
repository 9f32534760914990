package dev.taskmill.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.RecordedReads;
import dev.taskmill.testing.RecordedWrites;
import dev.taskmill.testing.TasksApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one {@code POST /api/v1/tasks} writes: its outputs and its input's consumer list in one
 * command, then the task, and only the last write waits for the journal (its commit takes the other
 * to the disk), so a create costs two write commands and one disk wait.
 */
@QuarkusTest
class CreateWritesTest {

  @Inject RecordedWrites recorded;
  @Inject RecordedReads reads;
  @Inject DataRepository data;

  private String gate;

  @BeforeEach
  void echoIsAvailable() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
  }

  @AfterEach
  void cancelTheGate() {
    if (gate != null) {
      given().post("/api/v1/tasks/" + gate + "/cancel").then().statusCode(200);
    }
  }

  @Test
  void aCreateIsTwoWritesAndOnlyTheTaskWaitsForTheJournal() {
    String text = TasksApi.textItem(data, "gate input");
    JsonPath waiting =
        TasksApi.create(
            Map.of("module", "tm-echo", "inputs", Map.of("text", text), "delaySeconds", 3600));
    gate = waiting.getString("id");
    String pending = waiting.getString("outputs.echo");

    recorded.start();
    JsonPath created =
        TasksApi.create(
            Map.of("module", "tm-echo", "inputs", Map.of("text", pending), "label", "counted"));
    List<RecordedWrites.Write> writes = recorded.stop();

    String id = created.getString("id");
    assertThat(created.getString("status")).isEqualTo("WAITING");
    List<RecordedWrites.Write> mine = writes.stream().filter(w -> w.body().contains(id)).toList();
    assertThat(mine)
        .extracting(RecordedWrites.Write::command, RecordedWrites.Write::collection)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("update", "data"),
            org.assertj.core.groups.Tuple.tuple("insert", "tasks"));
    assertThat(mine)
        .extracting(RecordedWrites.Write::journaled)
        .as("only the task insert waits for the journal")
        .containsExactly(false, true);

    assertThat(data.find(pending).orElseThrow().consumers).containsExactly(id);
    DataItem output = data.find(created.getString("outputs.echo")).orElseThrow();
    assertThat(output.status).isEqualTo(DataStatus.PENDING);
    assertThat(output.producerTaskId).isEqualTo(id);
    assertThat(output.producerOutput).isEqualTo("echo");
    assertThat(output.label).isEqualTo("counted:echo");
    assertThat(output.owner).isNotNull().isEqualTo(created.getString("ownerId"));
    assertThat(output.createdAt).isNotNull().isEqualTo(output.updatedAt);
    assertThat(TasksApi.task(id).getString("createdAt"))
        .as("the task answered is the task stored")
        .isEqualTo(created.getString("createdAt"));
  }

  @Test
  void aCreateReadsNoMoreWhenManyTasksShareItsInput() {
    String shared = TasksApi.textItem(data, "shared input");
    List<String> sharing = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sharing.add(delayedEchoOf(shared).getString("id"));
    }
    String fresh = TasksApi.textItem(data, "fresh input");

    reads.start();
    sharing.add(delayedEchoOf(fresh).getString("id"));
    int freshChars = RecordedReads.chars(reads.stop(), "data");
    reads.start();
    sharing.add(delayedEchoOf(shared).getString("id"));
    int sharedChars = RecordedReads.chars(reads.stop(), "data");

    assertThat(data.find(shared).orElseThrow().consumers).hasSize(41);
    // 40 more task ids in the answer would be over 1,000 characters.
    assertThat(sharedChars)
        .as("what a create reads of its input, shared by 40 tasks vs. by none")
        .isBetween(freshChars - 100, freshChars + 100);
    sharing.forEach(id -> given().post("/api/v1/tasks/" + id + "/cancel").then().statusCode(200));
  }

  private static JsonPath delayedEchoOf(String input) {
    return TasksApi.create(
        Map.of("module", "tm-echo", "inputs", Map.of("text", input), "delaySeconds", 3600));
  }
}
