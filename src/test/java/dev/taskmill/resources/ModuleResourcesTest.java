package dev.taskmill.resources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataRepository;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a module's declared resources mean to its tasks on an instance without GPUs: the model cache
 * it finds and keeps, no GPU, and its memory limit.
 */
@QuarkusTest
class ModuleResourcesTest {

  @Inject DataRepository data;

  private JsonPath run(Map<String, Object> params, String text, String status) {
    ModulesApi.awaitStatus("tm-resources", "AVAILABLE");
    String input = TasksApi.textItem(data, text);
    String id =
        TasksApi.create(
                Map.of(
                    "module",
                    "tm-resources",
                    "inputs",
                    Map.of("text", input),
                    "params",
                    params,
                    "maxAttempts",
                    3))
            .getString("id");
    return TasksApi.await(id, status);
  }

  private static JsonPath report(JsonPath task) {
    String item = task.getString("outputs.report");
    return given()
        .get("/api/v1/data/" + item + "/content")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void aModuleFindsTheModelCacheOfflineAndNoGpu() {
    JsonPath env = report(run(Map.of(), "env", "SUCCEEDED"));

    String cache = env.getString("env.TASKMILL_MODEL_CACHE");
    assertThat(cache).isNotBlank();
    assertThat(env.getString("env.HF_HOME")).startsWith(cache + "/");
    assertThat(env.getString("env.TORCH_HOME")).startsWith(cache + "/");
    assertThat(env.getString("env.XDG_CACHE_HOME")).startsWith(cache + "/");
    assertThat(env.getString("env.HF_HUB_OFFLINE")).isEqualTo("1");
    assertThat(env.getString("env.TRANSFORMERS_OFFLINE")).isEqualTo("1");
    // A module that declares no GPU sees none, even on a host that has one.
    assertThat(env.getString("env.CUDA_VISIBLE_DEVICES")).isEmpty();
  }

  @Test
  void aFileOneTaskPutInTheModelCacheIsThereForTheNext() {
    String file = "model-" + UUID.randomUUID();

    JsonPath first = report(run(Map.of("cacheFile", file), "weights v1", "SUCCEEDED"));
    JsonPath second = report(run(Map.of("cacheFile", file), "weights v2", "SUCCEEDED"));

    assertThat(first.getString("cachedBefore")).isNull();
    assertThat(second.getString("cachedBefore")).isEqualTo("weights v1");
  }

  @Test
  void aTaskOverItsModulesMemoryFailsOnceWithAMessageThatSaysWhy() {
    // tm-resources declares 96 MB; 300 MB held is well over it, whatever Python itself takes.
    JsonPath task = run(Map.of("holdMb", 300), "hold", "FAILED");

    String message = task.getString("error.message");
    assertThat(message)
        .contains("used ")
        .contains("more than the 96 MB it declares")
        .contains("resources.memoryMb")
        .contains("memory_mb");
    // The same input needs the same memory: not retried, though 3 attempts were allowed.
    assertThat(task.getList("attempts")).hasSize(1);
    assertThat(task.getInt("attempt")).isEqualTo(1);
  }
}
