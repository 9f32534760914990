package dev.taskmill.resources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataRepository;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GPU memory admission on an instance that declares one 8 GB GPU (there is none here: declaring it
 * is all admission looks at). Two slots, so only GPU memory keeps tasks apart.
 */
@QuarkusTest
@TestProfile(GpuAdmissionTest.OneGpu.class)
class GpuAdmissionTest {

  public static class OneGpu implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("taskmill.gpus", "0:8192", "taskmill.tasks.concurrency", "2");
    }
  }

  @Inject DataRepository data;

  private String create(String module, double sleep) {
    ModulesApi.awaitStatus(module, "AVAILABLE");
    String input = TasksApi.textItem(data, "gpu");
    return TasksApi.create(
            Map.of(
                "module",
                module,
                "inputs",
                Map.of("text", input),
                "params",
                Map.of("sleep", sleep)))
        .getString("id");
  }

  private static JsonPath report(String taskId) {
    String item = TasksApi.await(taskId, "SUCCEEDED").getString("outputs.report");
    return given()
        .get("/api/v1/data/" + item + "/content")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static JsonPath gpu() {
    return given().get("/api/v1/instances").then().statusCode(200).extract().jsonPath();
  }

  @Test
  void twoTasksOfSixGigabytesOnAnEightGigabyteGpuRunOneAfterTheOther() {
    String first = create("tm-gpu-mem", 1.5);
    String second = create("tm-gpu-mem", 1.5);

    JsonPath a = report(first);
    JsonPath b = report(second);

    // Each got the declared device, and their runs did not overlap.
    assertThat(a.getString("device")).isEqualTo("0");
    assertThat(b.getString("device")).isEqualTo("0");
    double aStart = a.getDouble("started");
    double aEnd = a.getDouble("ended");
    double bStart = b.getDouble("started");
    double bEnd = b.getDouble("ended");
    assertThat(aEnd <= bStart || bEnd <= aStart)
        .as("runs [%s, %s] and [%s, %s] overlap", aStart, aEnd, bStart, bEnd)
        .isTrue();
    // Both reservations were given back.
    Waits.until(() -> gpu(), i -> assertThat(i.getInt("[0].gpus[0].freeMb")).isEqualTo(8192));
  }

  @Test
  void theInstanceListShowsDeclaredAndFreeGpuMemory() {
    JsonPath idle = gpu();
    assertThat(idle.getList("[0].capabilities")).contains("gpu");
    assertThat(idle.getInt("[0].gpus[0].index")).isZero();
    assertThat(idle.getInt("[0].gpus[0].memoryMb")).isEqualTo(8192);

    String task = create("tm-gpu-mem", 5);
    TasksApi.await(task, "RUNNING");
    Waits.until(() -> gpu(), i -> assertThat(i.getInt("[0].gpus[0].freeMb")).isEqualTo(2048));
    given().post("/api/v1/tasks/" + task + "/cancel").then().statusCode(200);
    TasksApi.await(task, "CANCELLED");
    // A cancelled attempt gives its memory back too.
    Waits.until(() -> gpu(), i -> assertThat(i.getInt("[0].gpus[0].freeMb")).isEqualTo(8192));
  }

  @Test
  void aTaskNeedingMoreThanAnyGpuHasWaitsInTheQueue() {
    String big = create("tm-gpu-big", 0);
    // A task that fits is claimed meanwhile: the big one is not blocking the slot or the queue.
    String small = create("tm-gpu-mem", 0);
    TasksApi.await(small, "SUCCEEDED");

    JsonPath task = TasksApi.task(big);
    assertThat(task.getString("status")).isEqualTo("QUEUED");
    assertThat(task.getList("needs")).containsExactly("gpu");
    assertThat(task.getInt("attempt")).isZero();
    Waits.patiently()
        .during(Duration.ofMillis(1500))
        .until(() -> "QUEUED".equals(TasksApi.task(big).getString("status")));
    given().post("/api/v1/tasks/" + big + "/cancel").then().statusCode(200);
  }

  @Test
  void theModuleShowsTheGpuMemoryItDeclares() {
    JsonPath module = ModulesApi.awaitStatus("tm-gpu-big", "AVAILABLE");
    assertThat(module.getInt("resources.gpuMemoryMb")).isEqualTo(10240);
    assertThat(module.getBoolean("resources.gpu")).isTrue();
    assertThat(module.getInt("resources.memoryMb")).isEqualTo(256);
  }
}
