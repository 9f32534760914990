package dev.taskmill.task.run;

import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.push;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.MongoException;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.data.DataItem;
import dev.taskmill.instance.DatabaseWatch;
import dev.taskmill.task.QueueSignal;
import dev.taskmill.task.TaskGraph;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.view.TaskMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * The one place that writes how an attempt ended. The runner, lease recovery and a graceful
 * shutdown (through the runner) hand it an {@link EndedAttempt}; {@link AttemptDecision} decides
 * what follows and this applies it, every write under the attempt's lease so that only the current
 * lease holder settles: publish then SUCCEEDED, retry after a backoff, run a lost attempt again
 * without counting it, hand it back, or fail the task with its outputs and its dependants. A task
 * that reused an earlier result ends here too, as a success, so events, webhooks, metrics and its
 * consumers see it as any other.
 */
@ApplicationScoped
public class AttemptSettler {

  private static final Logger LOG = Logger.getLogger(AttemptSettler.class);

  private final TaskRepository tasks;
  private final TaskGraph graph;
  private final OutputPublisher publisher;
  private final QueueSignal signal;
  private final TaskMetrics metrics;
  private final DatabaseWatch watch;
  private final RetryPolicy policy;
  private final Clock clock;

  AttemptSettler(
      TaskRepository tasks,
      TaskGraph graph,
      OutputPublisher publisher,
      QueueSignal signal,
      TaskMetrics metrics,
      DatabaseWatch watch,
      TaskmillConfig config,
      Clock clock) {
    this.tasks = tasks;
    this.graph = graph;
    this.publisher = publisher;
    this.signal = signal;
    this.metrics = metrics;
    this.watch = watch;
    this.policy = RetryPolicy.of(config);
    this.clock = clock;
  }

  /**
   * Settles {@code ended}.
   *
   * @return the task after the change; empty when the lease was no longer the attempt's (someone
   *     else settles it) or, for a success, when publishing it must be finished by lease recovery
   */
  public Optional<Task> settle(EndedAttempt ended) {
    Task task = ended.task();
    AttemptOutcome outcome = ended.outcome();
    AttemptDecision decision = AttemptDecision.decide(task, outcome, policy);
    if (decision.move() != AttemptDecision.Move.RECORD
        && decision.move() != AttemptDecision.Move.HAND_BACK) {
      metrics.attempt(task.module, outcome.name());
    }
    Task.Attempt record = record(ended, decision);
    return switch (decision.move()) {
      case SUCCEED -> succeed(ended, record);
      case RETRY -> retry(ended, decision, record);
      case RERUN -> rerun(ended, decision, record);
      case HAND_BACK -> handBack(ended, record);
      case FAIL -> fail(ended, decision, record);
      case RECORD -> {
        // The API made it CANCELLED already; keep the log and the attempt for the record.
        tasks.recordAttempt(task.id, TaskStatus.CANCELLED, ended.log(), record);
        yield tasks.find(task.id);
      }
    };
  }

  /**
   * Outputs first: the committed publication's items become AVAILABLE, then the task SUCCEEDED.
   * From the commit on the result counts: a failure here (the database away) leaves the task
   * RUNNING with its publication, and lease recovery completes it once the lease expires.
   */
  private Optional<Task> succeed(EndedAttempt ended, Task.Attempt record) {
    Task task = ended.task();
    // A reused result's reusedFrom was committed with it (PublicationCommit).
    List<Task.Output> publication =
        ended.outcome() instanceof AttemptOutcome.Reused reused
            ? reused.publication()
            : ((AttemptOutcome.Succeeded) ended.outcome()).publication();
    try {
      List<DataItem> published = publisher.apply(publication);
      List<Bson> changes = changes(ended, record);
      changes.add(set("publication", null));
      changes.add(set("progress", done()));
      Optional<Task> succeeded =
          tasks.transitionLeased(task.id, ended.token(), TaskStatus.SUCCEEDED, array(changes));
      LOG.infof(
          "task %s (%s) %s%s",
          task.id,
          task.module,
          succeeded.isPresent() ? "SUCCEEDED" : "was overtaken",
          record.message == null ? "" : ": " + record.message);
      String outcome = ended.outcome() instanceof AttemptOutcome.Reused ? "REUSED" : "SUCCEEDED";
      succeeded.ifPresent(t -> metrics.finished(t.module, outcome, ran(ended)));
      graph.promoteConsumers(published);
      return succeeded;
    } catch (RuntimeException e) {
      if (e instanceof MongoException) {
        watch.failed();
      }
      LOG.warnf(
          "task %s: its result is committed but publishing it failed (%s); lease recovery will"
              + " complete it",
          task.id, e.toString());
      return Optional.empty();
    }
  }

  /** A counted attempt failed and another may succeed: queued again after a backoff. */
  private Optional<Task> retry(EndedAttempt ended, AttemptDecision decision, Task.Attempt record) {
    Task task = ended.task();
    List<Bson> changes = changes(ended, record);
    changes.add(set("error", error(decision)));
    changes.add(set("notBefore", clock.instant().plus(decision.delay())));
    Optional<Task> queued =
        tasks.transitionLeased(task.id, ended.token(), TaskStatus.QUEUED, array(changes));
    queued.ifPresent(
        t -> {
          LOG.infof(
              "task %s attempt %d failed (%s); again in %s",
              t.id, task.attempt, decision.error(), decision.delay());
          signal.wake();
        });
    return queued;
  }

  /** Lost to the infrastructure: queued again at its old place after a backoff, not counted. */
  private Optional<Task> rerun(EndedAttempt ended, AttemptDecision decision, Task.Attempt record) {
    Task task = ended.task();
    List<Bson> changes = changes(ended, record);
    changes.add(inc("attempt", -1));
    changes.add(inc("infrastructureRetries", 1));
    changes.add(set("error", error(decision)));
    changes.add(set("notBefore", clock.instant().plus(decision.delay())));
    Optional<Task> requeued = tasks.requeueLeased(task.id, ended.token(), array(changes));
    requeued.ifPresent(
        t -> {
          LOG.infof(
              "task %s: attempt lost (%s); queued again in %s, not counted (infrastructure"
                  + " retry %d of %d)",
              t.id,
              decision.message(),
              decision.delay(),
              t.infrastructureRetries,
              policy.maxInfrastructureRetries());
          signal.wake();
        });
    return requeued;
  }

  /** Its instance shuts down: back to the queue at its old place, at once and not counted. */
  private Optional<Task> handBack(EndedAttempt ended, Task.Attempt record) {
    Task task = ended.task();
    List<Bson> changes = changes(ended, record);
    changes.add(inc("attempt", -1));
    Optional<Task> requeued = tasks.requeueLeased(task.id, ended.token(), array(changes));
    requeued.ifPresent(t -> LOG.infof("task %s handed back to the queue (shutdown)", t.id));
    return requeued;
  }

  /** Outputs first, as on success: whoever sees the task FAILED sees its outputs FAILED too. */
  private Optional<Task> fail(EndedAttempt ended, AttemptDecision decision, Task.Attempt record) {
    Task task = ended.task();
    String reason = "task " + task.id + " failed: " + decision.error();
    if (tasks.updateLeased(task.id, ended.token())) {
      graph.failOutputs(task, reason);
    }
    List<Bson> changes = changes(ended, record);
    changes.add(set("error", error(decision)));
    Optional<Task> failed =
        tasks.transitionLeased(task.id, ended.token(), TaskStatus.FAILED, array(changes));
    failed.ifPresent(
        t -> {
          LOG.infof("task %s FAILED: %s", t.id, decision.error());
          metrics.finished(t.module, "FAILED", ran(ended));
          graph.failDownstream(t, reason);
        });
    return failed;
  }

  /** The attempt record and the log: what every end writes. */
  private static List<Bson> changes(EndedAttempt ended, Task.Attempt record) {
    List<Bson> changes = new ArrayList<>();
    changes.add(push("attempts", record));
    if (ended.log() != null) {
      changes.add(set("log", ended.log()));
    }
    return changes;
  }

  private Task.Attempt record(EndedAttempt ended, AttemptDecision decision) {
    Task.Attempt attempt = new Task.Attempt();
    attempt.number = ended.task().attempt;
    attempt.startedAt = ended.startedAt();
    attempt.finishedAt = clock.instant();
    attempt.outcome = ended.outcome().name();
    attempt.exitCode = decision.exitCode();
    attempt.message = decision.message();
    attempt.counted = decision.counted();
    return attempt;
  }

  private static Task.Failure error(AttemptDecision decision) {
    Task.Failure error = new Task.Failure();
    error.message = decision.error();
    error.exitCode = decision.exitCode();
    error.logTail = decision.logTail();
    return error;
  }

  private Duration ran(EndedAttempt ended) {
    Instant now = clock.instant();
    return Duration.between(ended.startedAt() != null ? ended.startedAt() : now, now);
  }

  private static Task.Progress done() {
    Task.Progress progress = new Task.Progress();
    progress.fraction = 1.0;
    progress.message = "done";
    return progress;
  }

  private static Bson[] array(List<Bson> changes) {
    return changes.toArray(Bson[]::new);
  }
}
