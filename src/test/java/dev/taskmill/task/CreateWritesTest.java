package dev.taskmill.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import dev.taskmill.testing.ModulesApi;
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
 * What one {@code POST /api/v1/tasks} writes: its outputs, its input's consumer list and the task,
 * in that order, and only the last write waits for the journal (its commit takes the others to the
 * disk), so a create costs one disk wait.
 */
@QuarkusTest
class CreateWritesTest {

  @Inject RecordedWrites recorded;
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
  void aCreateIsThreeWritesAndOnlyTheTaskWaitsForTheJournal() {
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
            org.assertj.core.groups.Tuple.tuple("insert", "data"),
            org.assertj.core.groups.Tuple.tuple("update", "data"),
            org.assertj.core.groups.Tuple.tuple("insert", "tasks"));
    assertThat(mine)
        .extracting(RecordedWrites.Write::journaled)
        .as("only the task insert waits for the journal")
        .containsExactly(false, false, true);

    assertThat(data.find(pending).orElseThrow().consumers).containsExactly(id);
    assertThat(data.find(created.getString("outputs.echo")).orElseThrow().status)
        .isEqualTo(DataStatus.PENDING);
    assertThat(TasksApi.task(id).getString("createdAt"))
        .as("the task answered is the task stored")
        .isEqualTo(created.getString("createdAt"));
  }
}
