package dev.taskmill.task.eta;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Typical run times: per module the median of its latest succeeded runs, and for a module that has
 * none the median over the modules that have (what a task of a new module ahead in the queue is
 * counted as).
 */
public record RunTimes(Map<String, Duration> byModule) {

  public RunTimes {
    byModule = Map.copyOf(byModule);
  }

  /** The typical run time of {@code module}, empty when it has no succeeded run on record. */
  public Optional<Duration> of(String module) {
    return Optional.ofNullable(byModule.get(module));
  }

  /** The typical run time of any task: the median of the modules' typical times. */
  public Optional<Duration> typical() {
    return Median.of(byModule.values());
  }
}
