package dev.taskmill.retention;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.data.DataEdits;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.pipeline.ExpiredPipelines;
import dev.taskmill.pipeline.Pipeline;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deletes what expired: finished tasks, then pipelines whose tasks all finished (or were deleted),
 * then data items no unfinished task produces or reads, with their files. An expired item that a
 * WAITING, QUEUED or RUNNING task still needs stays until a later sweep finds it free. Each kind is
 * read in pages of {@link #PAGE} and at most {@code taskmill.retention.max-per-run} per run; every
 * delete is conditional, so a repeated or concurrent sweep deletes nothing twice.
 */
@ApplicationScoped
public class RetentionSweep {

  private static final Logger LOG = Logger.getLogger(RetentionSweep.class);

  static final int PAGE = 200;

  /** What one sweep deleted, and how many expired items it kept because a task needs them. */
  public record Result(long tasks, long pipelines, long items, long itemsKept) {}

  private final TaskStore tasks;
  private final ExpiredPipelines pipelines;
  private final DataRepository data;
  private final DataEdits edits;
  private final Clock clock;
  private final int maxPerRun;

  RetentionSweep(
      TaskStore tasks,
      ExpiredPipelines pipelines,
      DataRepository data,
      DataEdits edits,
      Clock clock,
      TaskmillConfig config) {
    this.tasks = tasks;
    this.pipelines = pipelines;
    this.data = data;
    this.edits = edits;
    this.clock = clock;
    this.maxPerRun = config.retention().maxPerRun();
  }

  /** One sweep at the clock's now. */
  public Result sweep() {
    Instant now = clock.instant();
    long deletedTasks = tasks(now);
    long deletedPipelines = pipelines(now);
    long[] items = items(now);
    Result result = new Result(deletedTasks, deletedPipelines, items[0], items[1]);
    if (deletedTasks + deletedPipelines + items[0] > 0) {
      LOG.infof(
          "retention deleted %d task(s), %d pipeline(s) and %d data item(s) that expired;"
              + " %d expired item(s) stay while unfinished tasks need them",
          deletedTasks, deletedPipelines, items[0], items[1]);
    }
    return result;
  }

  private long tasks(Instant now) {
    long deleted = 0;
    for (TaskStatus status : TaskStatus.values()) {
      if (!status.isTerminal()) {
        continue;
      }
      int seen = 0;
      while (seen < maxPerRun) {
        List<String> ids = tasks.expired(status, now, Math.min(PAGE, maxPerRun - seen));
        if (ids.isEmpty()) {
          break;
        }
        long gone = tasks.deleteExpired(ids, now);
        deleted += gone;
        seen += ids.size();
        if (gone == 0) {
          break; // each was retried meanwhile; the next sweep looks again
        }
      }
    }
    return deleted;
  }

  private long pipelines(Instant now) {
    long deleted = 0;
    Instant afterAt = null;
    String afterId = null;
    int seen = 0;
    while (seen < maxPerRun) {
      List<Pipeline> page = pipelines.page(now, afterAt, afterId, Math.min(PAGE, maxPerRun - seen));
      if (page.isEmpty()) {
        break;
      }
      for (Pipeline pipeline : page) {
        if (allFinished(pipeline) && pipelines.delete(pipeline.id, now)) {
          deleted++;
        }
      }
      Pipeline last = page.get(page.size() - 1);
      afterAt = last.expiresAt;
      afterId = last.id;
      seen += page.size();
    }
    return deleted;
  }

  /** Whether every task of the pipeline finished or is gone. */
  private boolean allFinished(Pipeline pipeline) {
    List<String> ids = pipeline.steps.stream().map(step -> step.taskId).toList();
    return tasks.findAll(ids).stream().allMatch((Task task) -> task.status.isTerminal());
  }

  /** Deleted and kept items. */
  private long[] items(Instant now) {
    long deleted = 0;
    long kept = 0;
    Instant afterAt = null;
    String afterId = null;
    int seen = 0;
    while (seen < maxPerRun) {
      List<DataItem> page = data.expired(now, afterAt, afterId, Math.min(PAGE, maxPerRun - seen));
      if (page.isEmpty()) {
        break;
      }
      for (DataItem item : page) {
        DataEdits.Removal removal = edits.removeUnused(item);
        if (removal.removed()) {
          deleted++;
        } else if (!removal.active().isEmpty()) {
          kept++;
        }
      }
      DataItem last = page.get(page.size() - 1);
      afterAt = last.expiresAt;
      afterId = last.id;
      seen += page.size();
    }
    return new long[] {deleted, kept};
  }
}
