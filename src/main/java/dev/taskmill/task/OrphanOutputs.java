package dev.taskmill.task;

import static com.mongodb.client.model.Updates.set;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Fails PENDING output items whose producer task does not exist. A task's outputs are inserted just
 * before the task, so a crash between the two writes leaves outputs that nothing will ever publish
 * or fail, and a task that reads one would wait for it forever. Failed here, such an item fails its
 * readers by the usual cascade. Items younger than {@link #GRACE} are left alone: their task may be
 * being inserted right now.
 */
@ApplicationScoped
public class OrphanOutputs {

  private static final Logger LOG = Logger.getLogger(OrphanOutputs.class);

  /** Far longer than inserting a task after its outputs ever takes. */
  static final Duration GRACE = Duration.ofMinutes(1);

  private static final int BATCH = 500;

  private final DataRepository data;
  private final TaskRepository tasks;
  private final Clock clock;

  OrphanOutputs(DataRepository data, TaskRepository tasks, Clock clock) {
    this.data = data;
    this.tasks = tasks;
    this.clock = clock;
  }

  /**
   * Fails every PENDING output older than {@link #GRACE} whose producer task is missing.
   *
   * @return the ids of the items it failed
   */
  public List<String> failOrphans() {
    List<DataItem> pending = data.pendingOutputsCreatedBefore(clock.instant().minus(GRACE));
    List<String> failed = new ArrayList<>();
    for (int from = 0; from < pending.size(); from += BATCH) {
      List<DataItem> batch = pending.subList(from, Math.min(pending.size(), from + BATCH));
      Set<String> producers =
          tasks.existingIds(batch.stream().map(item -> item.producerTaskId).distinct().toList());
      for (DataItem item : batch) {
        if (producers.contains(item.producerTaskId)) {
          continue;
        }
        String reason =
            "its producer task "
                + item.producerTaskId
                + " does not exist (the service stopped between recording the output and the"
                + " task)";
        data.transition(item.id, DataStatus.PENDING, DataStatus.FAILED, set("reason", reason))
            .ifPresent(changed -> failed.add(changed.id));
      }
    }
    if (!failed.isEmpty()) {
      LOG.warnf(
          "failed %d PENDING output item(s) whose producer task does not exist: %s",
          failed.size(), failed);
    }
    return failed;
  }
}
