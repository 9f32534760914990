package dev.taskmill.api;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.create;
import static dev.taskmill.testing.TasksApi.task;
import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataRepository;
import dev.taskmill.testing.ModulesApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adversarial modules through the whole service: a module whose children try to outlive it
 * (tm-orphans), and one that writes a line of hundreds of megabytes (tm-huge-line).
 */
@QuarkusTest
class ModuleProcessesTest {

  @Inject DataRepository data;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED"})
  void noProcessOfAModuleOutlivesItsAttempt(String outcome) throws Exception {
    ModulesApi.awaitStatus("tm-orphans", "AVAILABLE");
    Path pidFile = dir.resolve("pids");
    Map<String, Object> params = new HashMap<>(Map.of("pidFile", pidFile.toString()));
    Map<String, Object> body = new HashMap<>();
    body.put("module", "tm-orphans");
    body.put("inputs", Map.of("text", textItem(data, "o")));
    body.put("params", params);
    switch (outcome) {
      case "FAILED" -> params.put("fail", true);
      case "TIMED_OUT" -> {
        params.put("sleep", 600);
        body.put("timeoutSeconds", 5);
      }
      case "CANCELLED" -> params.put("sleep", 600);
      default -> {}
    }
    String id = create(body).getString("id");
    if (outcome.equals("CANCELLED")) {
      Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(pidFile));
      given().post("/api/v1/tasks/" + id + "/cancel").then().statusCode(200);
    }

    await(id, outcome.equals("TIMED_OUT") ? "FAILED" : outcome);
    // A cancel shows at once in the status; the attempt ends when the runner has stopped it.
    Awaitility.await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> outcome.equals(task(id).getString("attempts[0].outcome")));

    List<Long> pids =
        Arrays.stream(Files.readString(pidFile).strip().split(" ")).map(Long::valueOf).toList();
    assertThat(pids).hasSize(3);
    // The task says it ended: by then (and before its outputs were published) all are gone.
    assertThat(pids.stream().filter(ModuleProcessesTest::ourChildAlive).toList())
        .as("children of the module still running")
        .isEmpty();
  }

  /** Alive, and still a child of tm-orphans (not another process that got the same pid). */
  private static boolean ourChildAlive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z'
          && Files.readString(Path.of("/proc/" + pid + "/cmdline")).contains("tm-orphans-child");
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aHugeOutputLineIsCutAndTheTaskEndsNormally() {
    ModulesApi.awaitStatus("tm-huge-line", "AVAILABLE");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = heapAfterGc(memory);
    int inline = 1_000_000;

    JsonPath created =
        create(
            Map.of(
                "module",
                "tm-huge-line",
                "inputs",
                Map.of("text", textItem(data, "hi")),
                "params",
                Map.of("megabytes", 200, "inlineBytes", inline)));
    String id = created.getString("id");
    await(id, "SUCCEEDED");

    String log = given().get("/api/v1/tasks/" + id + "/log").then().extract().asString();
    // stderr is cut at 64 KiB, stdout (the protocol's stream) at 16 MiB: both say so.
    assertThat(log)
        .contains("line cut at 65536 bytes: " + (200L * (1 << 20) - 65_536) + " more bytes dropped")
        .contains(
            "line cut at 16777216 bytes: "
                + (200L * (1 << 20) - (16 << 20))
                + " more bytes dropped")
        .contains("after the huge lines");
    // A result line far over the stderr limit (an inline value of 1 MB) still arrives whole.
    assertThat(data.find(created.getString("outputs.echo")).orElseThrow().size)
        .isEqualTo(2L + inline);
    // 400 MB went through the service: what it keeps of them is bounded by the line limits.
    long grown = heapAfterGc(memory) - before;
    assertThat(grown).as("heap growth in bytes").isLessThan(64L << 20);
  }

  private static long heapAfterGc(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
