package dev.taskmill.task.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.task.model.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The claim order in memory is the order the store claims in: priority, then queue time. */
class ClaimOrderTest {

  @Test
  void higherPriorityFirstThenTheLongestQueued() {
    Instant t = Instant.parse("2026-12-07T14:00:00Z");
    Task lowOld = task("lowOld", 0, t);
    Task highNew = task("highNew", 5, t.plusSeconds(60));
    Task highOld = task("highOld", 5, t.plusSeconds(1));
    List<Task> tasks = new ArrayList<>(List.of(lowOld, highNew, highOld));

    tasks.sort(ClaimOrder.comparator());

    assertThat(tasks).extracting(x -> x.id).containsExactly("highOld", "highNew", "lowOld");
  }

  private static Task task(String id, int priority, Instant queuedAt) {
    Task task = new Task();
    task.id = id;
    task.priority = priority;
    task.queuedAt = queuedAt;
    return task;
  }
}
