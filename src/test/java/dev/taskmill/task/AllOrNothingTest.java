package dev.taskmill.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failing write takes back itself and every write before it, newest first. */
class AllOrNothingTest {

  private final List<String> done = new ArrayList<>();

  private AllOrNothing.Step step(String name, boolean fails) {
    return new AllOrNothing.Step(
        name,
        () -> {
          done.add("write " + name);
          if (fails) {
            throw new IllegalStateException(name + " failed");
          }
        },
        () -> done.add("undo " + name));
  }

  @Test
  void everyWriteRunsInOrderWhenNoneFails() {
    AllOrNothing.run(List.of(step("a", false), step("b", false)));
    assertThat(done).containsExactly("write a", "write b");
  }

  @Test
  void aFailureUndoesTheFailedWriteAndTheOnesBeforeNewestFirstAndSkipsTheRest() {
    assertThatThrownBy(
            () -> AllOrNothing.run(List.of(step("a", false), step("b", true), step("c", false))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("b failed");
    assertThat(done).containsExactly("write a", "write b", "undo b", "undo a");
  }

  @Test
  void aFailingUndoIsReportedAndTheOtherUndosStillRun() {
    AllOrNothing.Step brokenUndo =
        new AllOrNothing.Step(
            "a",
            () -> done.add("write a"),
            () -> {
              throw new IllegalStateException("undo a failed");
            });
    assertThatThrownBy(
            () -> AllOrNothing.run(List.of(step("z", false), brokenUndo, step("b", true))))
        .hasMessage("b failed")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .containsExactly("undo a failed"));
    assertThat(done).containsExactly("write z", "write a", "write b", "undo b", "undo z");
  }
}
