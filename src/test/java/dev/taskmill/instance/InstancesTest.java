package dev.taskmill.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.mongodb.client.model.Filters;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The instance registry, its heartbeats and stale entries; capability-based claiming. */
@QuarkusTest
class InstancesTest {

  @Inject InstanceRegistry registry;
  @Inject dev.taskmill.task.TaskRepository tasks;
  @Inject dev.taskmill.task.run.TaskDispatcher dispatcher;
  @Inject dev.taskmill.data.DataRepository data;

  @Test
  void thisInstanceIsRegisteredOnlineWithItsRoleAndCapacity() {
    JsonPath instances =
        given().get("/api/v1/instances").then().statusCode(200).extract().jsonPath();
    assertThat(instances.getString("[0].role")).isEqualTo("all");
    assertThat(instances.getInt("[0].capacity")).isEqualTo(2);
    assertThat(instances.getBoolean("[0].online")).isTrue();
    assertThat(instances.getString("[0].state")).isEqualTo("RUNNING");
    assertThat(instances.getString("[0].heartbeatAt")).isNotBlank();
    String user =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("user", "instances-user", "role", "user"))
            .post("/api/v1/keys")
            .then()
            .statusCode(201)
            .extract()
            .path("key");
    given()
        .header("Authorization", "Bearer " + user)
        .get("/api/v1/instances")
        .then()
        .statusCode(403);
  }

  @Test
  void staleInstancesAreShownOfflineThenRemoved() {
    Instant now = Instant.now();
    registry
        .collection()
        .insertOne(
            new Document("_id", "quiet-1")
                .append("host", "elsewhere")
                .append("role", "worker")
                .append("capacity", 4)
                .append("state", "RUNNING")
                .append("heartbeatAt", Date.from(now.minusSeconds(60))));
    registry
        .collection()
        .insertOne(
            new Document("_id", "dead-1")
                .append("host", "elsewhere")
                .append("role", "worker")
                .append("state", "RUNNING")
                .append("heartbeatAt", Date.from(now.minusSeconds(3600))));
    List<InstanceRegistry.Entry> listed = registry.list();
    InstanceRegistry.Entry quiet =
        listed.stream().filter(e -> e.id().equals("quiet-1")).findFirst().orElseThrow();
    assertThat(quiet.online()).isFalse();
    assertThat(quiet.state()).isEqualTo("OFFLINE");
    registry.heartbeat();
    assertThat(registry.list()).extracting(InstanceRegistry.Entry::id).doesNotContain("dead-1");
    assertThat(registry.list()).extracting(InstanceRegistry.Entry::id).contains("quiet-1");
    registry.collection().deleteOne(Filters.eq("_id", "quiet-1"));
  }

  @Test
  void aGpuTaskWaitsForAnInstanceThatOffersAGpu() throws Exception {
    ModulesApi.awaitStatus("tm-gpu", "AVAILABLE");
    String text = TasksApi.textItem(data, "gpu please");
    JsonPath task =
        TasksApi.create(
            Map.of("module", "tm-gpu", "inputs", Map.of("text", text), "priority", 1000));
    String id = task.getString("id");
    assertThat(task.getList("needs")).containsExactly("gpu");
    // This instance offers no GPU: a claim as its dispatcher makes it leaves the task QUEUED.
    assertThat(
            tasks.claimNext(
                "test-claimer", java.time.Duration.ofMinutes(1), dispatcher.capabilities()))
        .isEmpty();
    given().get("/api/v1/tasks/" + id).then().statusCode(200).body("status", equalTo("QUEUED"));
    // An instance offering a GPU takes it first (highest priority).
    assertThat(tasks.claimNext("test-gpu-claimer", java.time.Duration.ofMinutes(1), List.of("gpu")))
        .map(t -> t.id)
        .contains(id);
    given().post("/api/v1/tasks/" + id + "/cancel").then().statusCode(200);
  }
}
