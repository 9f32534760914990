package dev.taskmill.task;

import static dev.taskmill.task.model.TaskStatus.CANCELLED;
import static dev.taskmill.task.model.TaskStatus.FAILED;
import static dev.taskmill.task.model.TaskStatus.QUEUED;
import static dev.taskmill.task.model.TaskStatus.RUNNING;
import static dev.taskmill.task.model.TaskStatus.SUCCEEDED;
import static dev.taskmill.task.model.TaskStatus.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.task.model.TaskStatus;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskStatusTest {

  /** The state machine of the design, written out by hand: every pair not listed is forbidden. */
  private static final Map<TaskStatus, Set<TaskStatus>> ALLOWED =
      Map.of(
          WAITING, EnumSet.of(QUEUED, FAILED, CANCELLED),
          QUEUED, EnumSet.of(RUNNING, CANCELLED),
          RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, QUEUED),
          SUCCEEDED, EnumSet.noneOf(TaskStatus.class),
          FAILED, EnumSet.of(WAITING),
          CANCELLED, EnumSet.of(WAITING));

  @Test
  void everyPairIsAllowedExactlyWhenTheTableSaysSo() {
    int checked = 0;
    for (TaskStatus from : TaskStatus.values()) {
      for (TaskStatus to : TaskStatus.values()) {
        assertThat(from.canMoveTo(to))
            .as("%s -> %s", from, to)
            .isEqualTo(ALLOWED.get(from).contains(to));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(36);
  }

  @Test
  void onlyRunningTasksSucceed() {
    assertThat(TaskStatus.allowedFrom(SUCCEEDED)).containsExactly(RUNNING);
  }

  @Test
  void terminalMeansFinished() {
    assertThat(EnumSet.allOf(TaskStatus.class).stream().filter(TaskStatus::isTerminal))
        .containsExactlyInAnyOrder(SUCCEEDED, FAILED, CANCELLED);
  }
}
