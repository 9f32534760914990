package dev.taskmill.task.run;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.instance.GpuReservation;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleRepository;
import dev.taskmill.module.ModuleStatus;
import dev.taskmill.store.StoreUnwritableException;
import dev.taskmill.task.TaskExecutions;
import dev.taskmill.task.TaskLiveLogs;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.reuse.EarlierResults;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs one claimed task: takes an earlier identical result when the task asks for reuse and one
 * exists ({@link EarlierResults}), else prepares its work folder, invokes its module ({@link
 * ModuleInvocation}: the runner does not know how or where the module runs), commits the result,
 * and hands how the attempt ended to {@link AttemptSettler}, which alone writes it. Always on a
 * dispatcher worker thread, never on a request thread.
 */
@ApplicationScoped
public class TaskRunner {

  private static final Logger LOG = Logger.getLogger(TaskRunner.class);

  private final TaskExecutions executions;
  private final ModuleRepository modules;
  private final JobWriter jobs;
  private final ModuleInvocation invocation;
  private final ProgressWrites progress;
  private final OutputPublisher publisher;
  private final PublicationCommit commits;
  private final AttemptSettler settler;
  private final TaskLiveLogs liveLogs;
  private final WorkFolders workFolders;
  private final EarlierResults earlier;
  private final TaskmillConfig config;
  private final Clock clock;

  TaskRunner(
      TaskExecutions executions,
      ModuleRepository modules,
      JobWriter jobs,
      ModuleInvocation invocation,
      ProgressWrites progress,
      OutputPublisher publisher,
      PublicationCommit commits,
      AttemptSettler settler,
      TaskLiveLogs liveLogs,
      WorkFolders workFolders,
      EarlierResults earlier,
      TaskmillConfig config,
      Clock clock) {
    this.executions = executions;
    this.modules = modules;
    this.jobs = jobs;
    this.invocation = invocation;
    this.progress = progress;
    this.publisher = publisher;
    this.commits = commits;
    this.settler = settler;
    this.liveLogs = liveLogs;
    this.workFolders = workFolders;
    this.earlier = earlier;
    this.config = config;
    this.clock = clock;
  }

  /** Runs {@code task}, which this instance claimed (RUNNING under its lease). */
  public void run(Task task) {
    run(task, null);
  }

  /** Runs {@code task} on the GPU memory {@code gpu} reserved for it (null: no GPU). */
  public void run(Task task, GpuReservation gpu) {
    String token = task.lease.token;
    TaskExecutions.Execution execution =
        executions.start(task.id, token, config.tasks().logLimitBytes());
    Instant started = clock.instant();
    Path dir = folder(task, token);
    try {
      Optional<AttemptOutcome> outcome;
      try {
        outcome = attempt(task, token, dir, execution, gpu);
      } finally {
        // Before the end is written: whoever sees the task ended finds nothing of it left behind
        // (a module's link to a file outside included).
        workFolders.delete(dir);
      }
      outcome
          .map(ended -> stopped(execution, ended))
          .ifPresent(
              ended ->
                  settler.settle(
                      new EndedAttempt(task, token, started, execution.logText(), ended)));
    } finally {
      executions.finish(execution);
      liveLogs.forget(task.id);
    }
  }

  /**
   * Runs the attempt up to its end.
   *
   * @return how it ended; empty when that is not this runner's to settle (a lost lease's late
   *     result, or a commit whose fate could not be found out before the service stopped)
   */
  private Optional<AttemptOutcome> attempt(
      Task task, String token, Path dir, TaskExecutions.Execution execution, GpuReservation gpu) {
    try {
      // As read at most a second ago (changes made here are seen at once): a read per task was one
      // of the run's largest costs, and a module changed elsewhere in that second is no worse off
      // than a task claimed just before the change.
      Module module = modules.findRecent(task.module).orElse(null);
      if (module == null || module.status != ModuleStatus.AVAILABLE) {
        String status = module == null ? "gone" : module.status.toString();
        String why = "module '" + task.module + "' is " + status + ", not AVAILABLE";
        return Optional.of(new AttemptOutcome.Failed(why, null, null, false));
      }
      // Here, on the claimed task, whichever way it became QUEUED (created ready, or promoted when
      // its inputs became AVAILABLE): the one place that decides whether a result is reused.
      String reuseKey = earlier.keyOf(task, module).orElse(null);
      if (reuseKey != null) {
        Optional<EarlierResults.Copied> copied = earlier.copy(task, module, reuseKey);
        if (copied.isPresent()) {
          return commits
              .commitReused(task, token, copied.get().publication(), reuseKey, copied.get().from())
              .map(AttemptOutcome.class::cast);
        }
      }
      ModuleJob job = new ModuleJob(task, module, dir, gpu);
      jobs.prepare(job);
      ModuleResult result;
      try (ProgressWrites.Channel channel = progress.open(task, token, execution)) {
        result = invocation.invoke(job, channel);
      }
      if (result instanceof ModuleResult.Ended ended) {
        return Optional.of(ended.outcome());
      }
      ModuleResult.Produced produced = (ModuleResult.Produced) result;
      List<Task.Output> records =
          publisher.prepare(task, module, produced.outputs(), job.outputDir());
      return commits.commit(task, token, records, reuseKey).map(AttemptOutcome.class::cast);
    } catch (StoreUnwritableException e) {
      // Not the module's failure: run it again later, without spending one of its attempts.
      LOG.warnf("task %s: %s", task.id, e.getMessage());
      return Optional.of(new AttemptOutcome.Lost(e.getMessage()));
    } catch (OutputPublisher.PublishFailure failure) {
      return Optional.of(
          new AttemptOutcome.Failed(failure.getMessage(), 0, execution.logText(), false));
    } catch (IOException | RuntimeException e) {
      LOG.errorf(e, "task %s failed in the runner", task.id);
      return Optional.of(
          new AttemptOutcome.Failed("the runner failed: " + e.getMessage(), null, null, true));
    }
  }

  /**
   * An attempt that a client or this instance's shutdown stopped ends as such, whatever the module
   * did after; a result already committed counts.
   */
  private static AttemptOutcome stopped(
      TaskExecutions.Execution execution, AttemptOutcome outcome) {
    if (outcome instanceof AttemptOutcome.Succeeded || outcome instanceof AttemptOutcome.Reused) {
      return outcome;
    }
    if (execution.isCancelled()) {
      return new AttemptOutcome.Cancelled();
    }
    if (execution.isHandedBack()) {
      return new AttemptOutcome.HandedBack();
    }
    return outcome;
  }

  /**
   * The attempt's work folder. The lease token keeps it apart from a stale run of the same attempt
   * number: an attempt lost to the infrastructure is not counted, so its rerun keeps the number,
   * and a paused instance's old run must not delete the new run's folder when it ends.
   */
  private Path folder(Task task, String token) {
    String lease = token.substring(0, Math.min(8, token.length()));
    return Path.of(config.tasks().workDir())
        .toAbsolutePath()
        .resolve(task.id + "-" + task.attempt + "-" + lease);
  }
}
