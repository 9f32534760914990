package dev.taskmill.task;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataStatus;
import dev.taskmill.task.model.Task;
import java.time.Instant;
import java.util.Map;

/**
 * Whether a WAITING task can be queued: pure, from the task, its input items and the time.
 *
 * @param reason why the task must fail (an input FAILED or is gone), else null
 */
public record Readiness(State state, String reason) {

  /** What the promoter does with the task. */
  public enum State {
    READY,
    WAIT,
    FAIL
  }

  /** Decides for {@code task} given its inputs by id. */
  public static Readiness of(Task task, Map<String, DataItem> inputs, Instant now) {
    boolean allAvailable = true;
    for (Map.Entry<String, String> input : task.inputs.entrySet()) {
      DataItem item = inputs.get(input.getValue());
      if (item == null) {
        return new Readiness(
            State.FAIL, "input '" + input.getKey() + "' (" + input.getValue() + ") was deleted");
      }
      if (item.status == DataStatus.FAILED) {
        String why = item.reason == null ? "" : ": " + item.reason;
        return new Readiness(
            State.FAIL, "input '" + input.getKey() + "' (" + item.id + ") FAILED" + why);
      }
      allAvailable &= item.status == DataStatus.AVAILABLE;
    }
    boolean due = task.notBefore == null || !task.notBefore.isAfter(now);
    return new Readiness(allAvailable && due ? State.READY : State.WAIT, null);
  }
}
