package dev.taskmill.remote;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.failure.Conflict;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleRepository;
import dev.taskmill.module.ModuleStatus;
import dev.taskmill.store.StoredFile;
import dev.taskmill.task.TaskLiveLogs;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.reuse.EarlierResults;
import dev.taskmill.task.run.AttemptOutcome;
import dev.taskmill.task.run.AttemptSettler;
import dev.taskmill.task.run.EndedAttempt;
import dev.taskmill.task.run.OutputPublisher;
import dev.taskmill.task.run.PublicationCommit;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ends a remote attempt as its worker reports it, exactly as a local attempt ends: a success's
 * outputs (the staged uploads and the values in the report) are committed under the lease by {@link
 * PublicationCommit}, and {@link AttemptSettler} writes the end. A report whose lease is lost is
 * refused (409) and its uploads deleted; a report repeated after a network cut gets the first
 * answer and changes nothing more.
 */
@ApplicationScoped
public class RemoteReports {

  /** How the central answered a report: 200 with the task's status, or 409 with why. */
  public record Answer(int status, String taskStatus, String detail) {}

  private final LeasedTasks leased;
  private final RemoteAttempts attempts;
  private final StagedOutputs staged;
  private final ModuleRepository modules;
  private final OutputPublisher publisher;
  private final PublicationCommit commits;
  private final AttemptSettler settler;
  private final EarlierResults earlier;
  private final TaskLiveLogs liveLogs;
  private final int logLimit;
  private final Object[] stripes = new Object[64];

  RemoteReports(
      LeasedTasks leased,
      RemoteAttempts attempts,
      StagedOutputs staged,
      ModuleRepository modules,
      OutputPublisher publisher,
      PublicationCommit commits,
      AttemptSettler settler,
      EarlierResults earlier,
      TaskLiveLogs liveLogs,
      TaskmillConfig config) {
    this.leased = leased;
    this.attempts = attempts;
    this.staged = staged;
    this.modules = modules;
    this.publisher = publisher;
    this.commits = commits;
    this.settler = settler;
    this.earlier = earlier;
    this.liveLogs = liveLogs;
    this.logLimit = config.tasks().logLimitBytes();
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Object();
    }
  }

  /**
   * Settles the attempt of {@code taskId} that a worker of the key {@code keyId} held under {@code
   * token}.
   */
  public Answer report(String keyId, String taskId, String token, Report report) {
    Report.Kind kind = report.kind();
    String fingerprint = report.fingerprint();
    // Two copies of one report at once (a retry racing the original) settle once.
    synchronized (stripes[Math.floorMod(token == null ? 0 : token.hashCode(), stripes.length)]) {
      LeasedTasks.Held held = leased.claimed(keyId, taskId, token);
      RemoteAttempts.Answer earlierAnswer = held.attempt().answer();
      if (earlierAnswer != null) {
        if (!earlierAnswer.fingerprint().equals(fingerprint)) {
          throw new Conflict(
              "This attempt was reported already, differently; its answer stands: "
                  + earlierAnswer.detail());
        }
        return new Answer(
            earlierAnswer.status(), earlierAnswer.taskStatus(), earlierAnswer.detail());
      }
      Answer answer = settle(held, token, kind, report);
      attempts.answered(
          token,
          new RemoteAttempts.Answer(
              fingerprint, answer.status(), answer.taskStatus(), answer.detail()));
      return answer;
    }
  }

  private Answer settle(LeasedTasks.Held held, String token, Report.Kind kind, Report report) {
    Task task = held.task();
    if (!LeasedTasks.holds(task, held.worker(), token)) {
      staged.discard(held.attempt());
      return lost(task);
    }
    liveLogs.drop(task.id);
    String log = tail(report.log());
    AttemptOutcome outcome;
    if (kind == Report.Kind.SUCCEEDED) {
      Optional<AttemptOutcome> committed = commit(task, token, held.attempt(), report);
      if (committed.isEmpty()) {
        return lost(task);
      }
      outcome = committed.get();
    } else {
      staged.discard(held.attempt());
      outcome = ended(kind, report, log);
    }
    Optional<Task> settled =
        settler.settle(new EndedAttempt(task, token, held.attempt().claimedAt(), log, outcome));
    if (settled.isEmpty() && !(outcome instanceof AttemptOutcome.Succeeded)) {
      return lost(task);
    }
    String status = settled.map(t -> t.status.toString()).orElse("RUNNING");
    return new Answer(200, status, "recorded as " + outcome.name() + "; the task is " + status);
  }

  /**
   * Commits a success: every declared output from its upload or its value. A required output the
   * worker gave neither way fails the attempt, as a module's missing output does locally.
   */
  private Optional<AttemptOutcome> commit(
      Task task, String token, RemoteAttempts.Attempt attempt, Report report) {
    Module module = modules.findRecent(task.module).orElse(null);
    if (module == null || module.status != ModuleStatus.AVAILABLE) {
      staged.discard(attempt);
      return Optional.of(
          new AttemptOutcome.Failed(
              "module '" + task.module + "' is no longer AVAILABLE", null, null, false));
    }
    List<Task.Output> records = new ArrayList<>();
    try {
      for (Module.Port port : module.outputs) {
        String itemId = task.outputs.get(port.name);
        Optional<RemoteAttempts.Staged> upload =
            attempt.staged().stream().filter(s -> s.port().equals(port.name)).findFirst();
        Report.OutputValue value =
            report.outputs() == null ? null : report.outputs().get(port.name);
        if (upload.isPresent()) {
          RemoteAttempts.Staged s = upload.get();
          String type = s.mediaType() != null ? s.mediaType() : port.mediaType;
          records.add(
              publisher.describeStored(
                  port, itemId, new StoredFile(s.storageKey(), s.size(), s.sha256()), type));
        } else if (value != null && value.value() != null && !value.value().isNull()) {
          String type = value.mediaType() != null ? value.mediaType() : port.mediaType;
          records.add(publisher.value(port, itemId, value.value(), type));
        } else if (port.optional) {
          records.add(OutputPublisher.missing(port, itemId));
        } else {
          staged.discard(attempt);
          return Optional.of(
              new AttemptOutcome.Failed(
                  "the worker did not produce the output '" + port.name + "'",
                  report.exitCode(),
                  tail(report.log()),
                  false));
        }
      }
    } catch (IOException e) {
      staged.discard(attempt);
      return Optional.of(
          new AttemptOutcome.Lost("an uploaded output could not be read: " + e.getMessage()));
    }
    String reuseKey = earlier.keyOf(task, module).orElse(null);
    // Committed, the files back the publication; not committed, the commit deleted them.
    Optional<AttemptOutcome.Succeeded> committed = commits.commit(task, token, records, reuseKey);
    attempts.unstage(attempt.token());
    return committed.map(
        c -> new AttemptOutcome.Succeeded(c.publication(), report.exitCode(), report.message()));
  }

  private static AttemptOutcome ended(Report.Kind kind, Report report, String log) {
    String message = report.message() == null ? "no message" : report.message();
    return switch (kind) {
      case FAILED ->
          new AttemptOutcome.Failed(
              message, report.exitCode(), log, !Boolean.FALSE.equals(report.retryable()));
      case TIMED_OUT -> new AttemptOutcome.TimedOut(message, log);
      case LOST -> new AttemptOutcome.Lost("the remote worker lost the attempt: " + message);
      case HANDED_BACK -> new AttemptOutcome.HandedBack();
      case SUCCEEDED -> throw new IllegalStateException("a success is committed, not ended");
    };
  }

  private static Answer lost(Task task) {
    return new Answer(
        409,
        task == null ? null : task.status.toString(),
        "The lease of this attempt is lost ("
            + LeasedTasks.lostBecause(task)
            + "): the report is refused and its uploads deleted.");
  }

  private String tail(String log) {
    if (log == null || log.length() <= logLimit) {
      return log;
    }
    return log.substring(log.length() - logLimit);
  }
}
