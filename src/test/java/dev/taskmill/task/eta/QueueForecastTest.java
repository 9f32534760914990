package dev.taskmill.task.eta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queue model as pure code: known queues give the exact times a person could work out. */
class QueueForecastTest {

  private static final Instant NOW = Instant.parse("2026-12-07T14:00:00Z");
  private static final RunTimes TEN_SECONDS = new RunTimes(Map.of("m", Duration.ofSeconds(10)));

  @Test
  void theFifthTaskOnTwoSlotsStartsAfterTwoRoundsOfTheFourAhead() {
    List<Task> queue = List.of(queued("a"), queued("b"), queued("c"), queued("d"), queued("e"));
    QueueForecast forecast = forecast(2, List.of(), queue);

    assertThat(forecast.of("a")).contains(new Estimate(NOW, NOW.plusSeconds(10)));
    assertThat(forecast.of("b")).contains(new Estimate(NOW, NOW.plusSeconds(10)));
    assertThat(forecast.of("c")).contains(new Estimate(NOW.plusSeconds(10), NOW.plusSeconds(20)));
    assertThat(forecast.of("e")).contains(new Estimate(NOW.plusSeconds(20), NOW.plusSeconds(30)));
  }

  @Test
  void aRunningTaskHoldsItsSlotForWhatIsLeftOfItsTypicalTime() {
    Task running = task("r", TaskStatus.RUNNING);
    running.startedAt = NOW.minusSeconds(4);
    QueueForecast forecast = forecast(2, List.of(running), List.of(queued("a"), queued("b")));

    assertThat(forecast.of("r")).contains(new Estimate(null, NOW.plusSeconds(6)));
    assertThat(forecast.of("a")).contains(new Estimate(NOW, NOW.plusSeconds(10)));
    assertThat(forecast.of("b")).contains(new Estimate(NOW.plusSeconds(6), NOW.plusSeconds(16)));
  }

  @Test
  void aRunningTaskPastItsTypicalTimeIsTakenToEndNow() {
    Task running = task("r", TaskStatus.RUNNING);
    running.startedAt = NOW.minusSeconds(60);
    QueueForecast forecast = forecast(1, List.of(running), List.of(queued("a")));

    assertThat(forecast.of("r")).contains(new Estimate(null, NOW));
    assertThat(forecast.of("a")).contains(new Estimate(NOW, NOW.plusSeconds(10)));
  }

  @Test
  void aQueuedTaskInBackoffStartsNoEarlierThanItsNotBefore() {
    Task backingOff = queued("a");
    backingOff.notBefore = NOW.plusSeconds(30);
    QueueForecast forecast = forecast(1, List.of(), List.of(backingOff));

    assertThat(forecast.of("a")).contains(new Estimate(NOW.plusSeconds(30), NOW.plusSeconds(40)));
  }

  @Test
  void aTaskOfAModuleWithNoHistoryHasNoEstimateButTakesATypicalSlot() {
    Task unknown = task("u", TaskStatus.QUEUED);
    unknown.module = "new-module";
    RunTimes times =
        new RunTimes(Map.of("m", Duration.ofSeconds(10), "other", Duration.ofSeconds(30)));
    QueueForecast forecast =
        new QueueForecast(
            NOW, 1, times, times.typical().orElseThrow(), List.of(), List.of(unknown, queued("a")));

    assertThat(times.typical()).contains(Duration.ofSeconds(20));
    assertThat(forecast.of("u")).contains(Estimate.UNKNOWN);
    assertThat(forecast.of("a")).contains(new Estimate(NOW.plusSeconds(20), NOW.plusSeconds(30)));
  }

  @Test
  void aTaskWithTheWholeHeadAheadStartsWhenASlotFreesAfterIt() {
    QueueForecast forecast =
        forecast(2, List.of(), List.of(queued("a"), queued("b"), queued("c"), queued("d")));

    // Both slots are busy until +20 s once the four have started.
    assertThat(forecast.startAfter(4, null)).isEqualTo(NOW.plusSeconds(20));
    assertThat(forecast.startAfter(2, null)).isEqualTo(NOW.plusSeconds(10));
    // A task that is ready later starts when it is ready.
    assertThat(forecast.startAfter(0, NOW.plusSeconds(90))).isEqualTo(NOW.plusSeconds(90));
  }

  @Test
  void theMedianIgnoresAnOutlier() {
    assertThat(
            Median.of(
                List.of(
                    Duration.ofSeconds(9),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(600),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(11))))
        .contains(Duration.ofSeconds(10));
    assertThat(Median.of(List.of(Duration.ofSeconds(8), Duration.ofSeconds(12))))
        .contains(Duration.ofSeconds(10));
    assertThat(Median.of(List.of())).isEmpty();
  }

  @Test
  void aPipelineFinishesWithItsLastTaskAndStartsWithItsFirst() {
    Task first = task("a", TaskStatus.QUEUED);
    Task second = task("b", TaskStatus.WAITING);
    Task done = task("c", TaskStatus.SUCCEEDED);
    Map<String, Estimate> estimates =
        Map.of(
            "a", new Estimate(NOW.plusSeconds(5), NOW.plusSeconds(15)),
            "b", new Estimate(NOW.plusSeconds(15), NOW.plusSeconds(25)));

    assertThat(PipelineEstimate.of(List.of(first, second), estimates))
        .isEqualTo(new Estimate(NOW.plusSeconds(5), NOW.plusSeconds(25)));
    // One unfinished task without an estimate: the finish is not known.
    assertThat(PipelineEstimate.of(List.of(first, second, task("d", TaskStatus.QUEUED)), estimates))
        .isEqualTo(Estimate.UNKNOWN);
    // Started: only the finish is estimated.
    first.status = TaskStatus.RUNNING;
    first.startedAt = NOW;
    assertThat(PipelineEstimate.of(List.of(first, second, done), estimates))
        .isEqualTo(new Estimate(null, NOW.plusSeconds(25)));
    assertThat(PipelineEstimate.of(List.of(done), estimates)).isEqualTo(Estimate.UNKNOWN);
  }

  private static QueueForecast forecast(int slots, List<Task> running, List<Task> queue) {
    return new QueueForecast(NOW, slots, TEN_SECONDS, Duration.ofSeconds(10), running, queue);
  }

  private static Task queued(String id) {
    return task(id, TaskStatus.QUEUED);
  }

  private static Task task(String id, TaskStatus status) {
    Task task = new Task();
    task.id = id;
    task.module = "m";
    task.status = status;
    return task;
  }
}
