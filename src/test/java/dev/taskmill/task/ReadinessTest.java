package dev.taskmill.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataStatus;
import dev.taskmill.task.model.Task;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private static DataItem item(String id, DataStatus status) {
    DataItem item = new DataItem();
    item.id = id;
    item.status = status;
    item.reason = status == DataStatus.FAILED ? "boom" : null;
    return item;
  }

  private static Task task(String... ids) {
    Task task = new Task();
    task.inputs = new LinkedHashMap<>();
    for (int i = 0; i < ids.length; i++) {
      task.inputs.put("in" + i, ids[i]);
    }
    return task;
  }

  private static Map<String, DataItem> items(DataItem... items) {
    Map<String, DataItem> map = new HashMap<>();
    for (DataItem item : items) {
      map.put(item.id, item);
    }
    return map;
  }

  @Test
  void readyWhenEveryInputIsAvailable() {
    Readiness r =
        Readiness.of(
            task("a", "b"),
            items(item("a", DataStatus.AVAILABLE), item("b", DataStatus.AVAILABLE)),
            NOW);
    assertThat(r.state()).isEqualTo(Readiness.State.READY);
  }

  @Test
  void aTaskWithoutInputsIsReady() {
    assertThat(Readiness.of(task(), items(), NOW).state()).isEqualTo(Readiness.State.READY);
  }

  @Test
  void waitsWhileAnInputIsPending() {
    Readiness r =
        Readiness.of(
            task("a", "b"),
            items(item("a", DataStatus.AVAILABLE), item("b", DataStatus.PENDING)),
            NOW);
    assertThat(r.state()).isEqualTo(Readiness.State.WAIT);
  }

  @Test
  void failsWhenAnInputFailedEvenIfAnotherIsPending() {
    Readiness r =
        Readiness.of(
            task("a", "b"),
            items(item("a", DataStatus.PENDING), item("b", DataStatus.FAILED)),
            NOW);
    assertThat(r.state()).isEqualTo(Readiness.State.FAIL);
    assertThat(r.reason()).contains("in1").contains("FAILED").contains("boom");
  }

  @Test
  void failsWhenAnInputWasDeleted() {
    Readiness r = Readiness.of(task("a"), items(), NOW);
    assertThat(r.state()).isEqualTo(Readiness.State.FAIL);
    assertThat(r.reason()).contains("deleted");
  }

  @Test
  void waitsForItsDelay() {
    Task delayed = task("a");
    delayed.notBefore = NOW.plusSeconds(1);
    assertThat(Readiness.of(delayed, items(item("a", DataStatus.AVAILABLE)), NOW).state())
        .isEqualTo(Readiness.State.WAIT);
    delayed.notBefore = NOW;
    assertThat(Readiness.of(delayed, items(item("a", DataStatus.AVAILABLE)), NOW).state())
        .isEqualTo(Readiness.State.READY);
  }
}
