package dev.taskmill.task.run;

import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.MongoException;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.instance.DatabaseWatch;
import dev.taskmill.mongo.Journal;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * The one write that decides whose result counts: an attempt's prepared outputs are committed onto
 * the task as its {@code publication}, under the attempt's lease, before any of them is published.
 * Only the current lease holder commits; a late result of a lost lease is discarded.
 */
@ApplicationScoped
public class PublicationCommit {

  private static final Logger LOG = Logger.getLogger(PublicationCommit.class);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final Duration DECISION_LIMIT = Duration.ofMinutes(10);

  private final TaskRepository tasks;
  private final DataRepository data;
  private final OutputPublisher publisher;
  private final DatabaseWatch watch;

  PublicationCommit(
      TaskRepository tasks, DataRepository data, OutputPublisher publisher, DatabaseWatch watch) {
    this.tasks = tasks;
    this.data = data;
    this.publisher = publisher;
    this.watch = watch;
  }

  /**
   * Commits {@code records}, a run's result, under the lease {@code token}.
   *
   * @param reuseKey the task's reuse key, committed with the result so that later reuse tasks find
   *     it (null: not a reuse task)
   * @return the success to settle when committed; empty when not (the files are then deleted) or
   *     when that could not be found out before the service stopped (the files are then kept: they
   *     may back a committed result)
   */
  public Optional<AttemptOutcome.Succeeded> commit(
      Task task, String token, List<Task.Output> records, String reuseKey) {
    List<Bson> changes = new ArrayList<>(List.of(set("publication", records)));
    if (reuseKey != null) {
      changes.add(set("reuseKey", reuseKey));
    }
    return committed(task, token, records, changes).map(AttemptOutcome.Succeeded::ran);
  }

  /**
   * Commits {@code records}, copies of task {@code from}'s outputs, under the lease {@code token},
   * as {@link #commit} commits a run's. {@code reusedFrom} is committed with them, so that lease
   * recovery, should this instance die before the task is settled, still knows whose they are.
   */
  public Optional<AttemptOutcome.Reused> commitReused(
      Task task, String token, List<Task.Output> records, String reuseKey, String from) {
    List<Bson> changes =
        List.of(set("publication", records), set("reuseKey", reuseKey), set("reusedFrom", from));
    return committed(task, token, records, changes)
        .map(committed -> new AttemptOutcome.Reused(committed, from));
  }

  private Optional<List<Task.Output>> committed(
      Task task, String token, List<Task.Output> records, List<Bson> changes) {
    Boolean committed = decide(task, token, records, combine(changes));
    if (committed == null) {
      return Optional.empty();
    }
    if (!committed) {
      publisher.discard(records);
      LOG.infof("task %s: result of a lost lease discarded", task.id);
      return Optional.empty();
    }
    return Optional.of(records);
  }

  /**
   * Writes the publication, and finds out whether it was written even when the database goes away
   * during the write: a write cut off may or may not have been applied. So on a database error it
   * waits, reads the task and decides: the publication is there (or its files already back the
   * outputs) → committed; the lease is gone → not committed; still leased and not there → write
   * again. The lease stays renewed meanwhile, since the execution is still registered.
   *
   * @return whether it is committed; null when that could not be found out in time
   */
  private Boolean decide(Task task, String token, List<Task.Output> records, Bson change) {
    long deadline = System.nanoTime() + DECISION_LIMIT.toNanos();
    boolean retry = false;
    while (true) {
      try {
        if (!retry) {
          // Not awaited on the disk: the task's SUCCEEDED, awaited, takes it along. A crash before
          // that loses both, and the attempt ends as one that never committed (its lease expires).
          return tasks.updateLeased(task.id, token, Journal.DEFERRED, change);
        }
        Task now = tasks.find(task.id).orElse(null);
        if (now == null) {
          return false;
        }
        if (holds(now.publication, records) || backsOutputs(records)) {
          LOG.infof("task %s: its result was committed before the database went away", task.id);
          return true;
        }
        if (now.status != TaskStatus.RUNNING
            || now.lease == null
            || !token.equals(now.lease.token)) {
          return false;
        }
        retry = false;
      } catch (MongoException e) {
        watch.failed();
        retry = true;
        LOG.warnf(
            "task %s: the database went away while committing its result (%s); finding out"
                + " whether it was committed",
            task.id, e.getMessage());
        if (System.nanoTime() > deadline) {
          LOG.errorf(
              "task %s: could not find out within %s whether its result was committed; its"
                  + " files are kept",
              task.id, DECISION_LIMIT);
          return null;
        }
        try {
          Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
  }

  /** Whether {@code publication} is {@code records} (same items, same files or texts). */
  static boolean holds(List<Task.Output> publication, List<Task.Output> records) {
    if (publication == null || publication.size() != records.size()) {
      return false;
    }
    for (int i = 0; i < records.size(); i++) {
      Task.Output a = publication.get(i);
      Task.Output b = records.get(i);
      if (!Objects.equals(a.itemId, b.itemId)
          || !Objects.equals(a.storageKey, b.storageKey)
          || !Objects.equals(a.sha256, b.sha256)) {
        return false;
      }
    }
    return true;
  }

  /** Whether an output item already points at one of these files (published meanwhile). */
  private boolean backsOutputs(List<Task.Output> records) {
    for (Task.Output r : records) {
      if (r.isFile && r.storageKey != null) {
        DataItem item = data.find(r.itemId).orElse(null);
        if (item != null && r.storageKey.equals(item.storageKey)) {
          return true;
        }
      }
    }
    return false;
  }
}
