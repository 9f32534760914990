package dev.taskmill.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataRepository;
import dev.taskmill.task.run.TaskDispatcher;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * A stopping instance claims nothing more, lets running tasks finish within the grace period, and
 * hands the rest back to the queue without counting their attempt. (Its own profile: the dispatcher
 * it stops is not used by other tests.)
 */
@QuarkusTest
@TestProfile(GracefulShutdownTest.ShortGrace.class)
class GracefulShutdownTest {

  public static class ShortGrace implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("taskmill.shutdown-grace", "1s");
    }
  }

  @Inject TaskDispatcher dispatcher;
  @Inject DataRepository data;

  @Test
  void unfinishedTasksGoBackToTheQueueWithTheirAttemptUncounted() throws Exception {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    Path pidFile = Files.createTempFile("tm-echo", ".pid");
    Files.delete(pidFile);
    String quick = TasksApi.textItem(data, "quick");
    String slow = TasksApi.textItem(data, "slow");
    String slowTask =
        TasksApi.create(
                Map.of(
                    "module",
                    "tm-echo",
                    "inputs",
                    Map.of("text", slow),
                    "params",
                    Map.of("sleep", 60, "pidFile", pidFile.toString())))
            .getString("id");
    TasksApi.await(slowTask, "RUNNING");
    String quickTask =
        TasksApi.create(
                Map.of("module", "tm-echo", "inputs", Map.of("text", quick), "params", Map.of()))
            .getString("id");
    TasksApi.await(quickTask, "SUCCEEDED");
    long pid = Waits.pidIn(pidFile);

    dispatcher.stop();

    JsonPath task = TasksApi.task(slowTask);
    assertThat(task.getString("status")).isEqualTo("QUEUED");
    assertThat(task.getInt("attempt")).isZero();
    List<String> outcomes = task.getList("attempts.outcome");
    assertThat(outcomes).containsExactly("HANDED_BACK");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(dispatcher.isClaiming()).isFalse();
    // Nothing claims it here any more; another instance would.
    Callable<Boolean> queued = () -> "QUEUED".equals(TasksApi.task(slowTask).getString("status"));
    Waits.patiently()
        .during(Duration.ofMillis(1500))
        .failFast("the task left the queue", () -> !queued.call())
        .until(queued);
  }
}
