package dev.taskmill.task.history;

import dev.taskmill.config.TaskmillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;

/** The dashboard's history: ends per minute from the tasks, queue depth from the samples. */
@ApplicationScoped
public class ThroughputHistory {

  private final FinishedPerMinute finished;
  private final QueueDepthSamples queue;
  private final Clock clock;
  private final int maxHours;

  ThroughputHistory(
      FinishedPerMinute finished, QueueDepthSamples queue, Clock clock, TaskmillConfig config) {
    this.finished = finished;
    this.queue = queue;
    this.clock = clock;
    this.maxHours = config.dashboard().historyHours();
  }

  /** How many hours back the history reaches. */
  public int maxHours() {
    return maxHours;
  }

  /**
   * The last {@code hours} (1 to {@link #maxHours()}) for {@code owner} (null: everyone), of {@code
   * module} or of every module when it is null.
   */
  public Throughput of(int hours, String owner, String module) {
    MinuteBuckets window = MinuteBuckets.ending(clock.instant(), Math.min(hours, maxHours));
    FinishedPerMinute.Counts ended = finished.count(window, owner, module);
    Set<String> modules = new TreeSet<>(ended.modules());
    modules.addAll(queue.modules(owner));
    return new Throughput(
        window,
        module,
        new ArrayList<>(modules),
        ended.succeeded(),
        ended.failed(),
        queue.depth(window, owner, module));
  }
}
