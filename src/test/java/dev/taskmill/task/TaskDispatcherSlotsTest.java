package dev.taskmill.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.data.DataRepository;
import dev.taskmill.instance.Workload;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The slots bound how many attempts run at once, exactly: never more, and all of them when there is
 * work. Read from the attempts' own start and end times, so no moment is missed by sampling.
 */
@QuarkusTest
class TaskDispatcherSlotsTest {

  @Inject DataRepository data;
  @Inject TaskmillConfig config;
  @Inject Workload workload;

  @Test
  void atMostSlotsAttemptsRunAtOnceAndAllSlotsAreUsed() {
    int slots = config.tasks().concurrency().orElseThrow();
    assertThat(workload.capacity()).isEqualTo(slots);
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3 * slots; i++) {
      ids.add(
          TasksApi.create(
                  Map.of(
                      "module",
                      "tm-echo",
                      "inputs",
                      Map.of("text", TasksApi.textItem(data, "slot " + i)),
                      "params",
                      Map.of("sleep", 1)))
              .getString("id"));
    }
    List<Instant[]> runs = new ArrayList<>();
    for (String id : ids) {
      JsonPath task = TasksApi.await(id, "SUCCEEDED");
      runs.add(
          new Instant[] {
            Instant.parse(task.getString("startedAt")), Instant.parse(task.getString("finishedAt"))
          });
    }
    assertThat(mostAtOnce(runs)).isEqualTo(slots);
  }

  /**
   * The largest number of runs in progress at one instant; a run ending as another starts is over.
   */
  private static int mostAtOnce(List<Instant[]> runs) {
    List<Object[]> events = new ArrayList<>();
    for (Instant[] run : runs) {
      events.add(new Object[] {run[0], 1});
      events.add(new Object[] {run[1], -1});
    }
    // By time; at one instant, ends before starts.
    events.sort(
        (a, b) -> {
          int byTime = ((Instant) a[0]).compareTo((Instant) b[0]);
          return byTime != 0 ? byTime : Integer.compare((int) a[1], (int) b[1]);
        });
    int now = 0;
    int most = 0;
    for (Object[] event : events) {
      now += (int) event[1];
      most = Math.max(most, now);
    }
    return most;
  }
}
