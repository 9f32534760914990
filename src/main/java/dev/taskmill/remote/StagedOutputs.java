package dev.taskmill.remote;

import dev.taskmill.data.StoredFileOwners;
import dev.taskmill.failure.NotFound;
import dev.taskmill.store.FileStore;
import dev.taskmill.store.StoredFile;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A remote worker's output uploads: each streamed into the file store as it arrives (never held
 * whole in memory) and staged on the attempt's record, visible to nobody until its report commits
 * them. Files of an attempt whose lease is lost are deleted: at once when the upload ends after the
 * loss, at the report, or by {@link #sweep}.
 */
@ApplicationScoped
public class StagedOutputs implements StoredFileOwners {

  private static final Logger LOG = Logger.getLogger(StagedOutputs.class);

  private final LeasedTasks leased;
  private final RemoteAttempts attempts;
  private final FileStore store;
  private final TaskRepository tasks;

  StagedOutputs(
      LeasedTasks leased, RemoteAttempts attempts, FileStore store, TaskRepository tasks) {
    this.leased = leased;
    this.attempts = attempts;
    this.store = store;
    this.tasks = tasks;
  }

  /**
   * Stores {@code body} as the output {@code port} of the attempt of {@code taskId} that a worker
   * of the key {@code keyId} holds under {@code token}, replacing an earlier upload of that port.
   */
  public RemoteAttempts.Staged stage(
      String keyId, String taskId, String token, String port, String mediaType, InputStream body)
      throws IOException {
    Task task = leased.held(keyId, taskId, token).task();
    if (!task.outputs.containsKey(port)) {
      throw new NotFound(
          "Task " + taskId + " has no output port '" + port + "'; it has " + task.outputs.keySet());
    }
    StoredFile stored = store.write(body);
    RemoteAttempts.Staged staged =
        new RemoteAttempts.Staged(port, stored.key(), stored.size(), stored.sha256(), mediaType);
    try {
      // The lease may have been lost while the bytes came in: then nobody will commit them.
      leased.held(keyId, taskId, token);
      attempts.stage(token, staged).ifPresent(replaced -> delete(replaced.storageKey()));
    } catch (RuntimeException e) {
      delete(stored.key());
      throw e;
    }
    return staged;
  }

  /** Deletes the staged files of {@code attempt} and forgets them. */
  void discard(RemoteAttempts.Attempt attempt) {
    attempt.staged().forEach(s -> delete(s.storageKey()));
    attempts.unstage(attempt.token());
  }

  /**
   * Deletes the staged uploads of attempts that lost their lease without a report (the worker died
   * or was cut off): nobody can commit them any more.
   */
  public void sweep() {
    attempts.forEachStaged(
        attempt -> {
          Task task = tasks.find(attempt.taskId()).orElse(null);
          boolean stillHeld =
              task != null
                  && task.lease != null
                  && attempt.token().equals(task.lease.token)
                  && task.status == dev.taskmill.task.model.TaskStatus.RUNNING;
          if (!stillHeld) {
            LOG.infof(
                "task %s: deleting %d upload(s) of a remote attempt that lost its lease",
                attempt.taskId(), attempt.staged().size());
            discard(attempt);
          }
        });
  }

  @Override
  public Set<String> owned(Collection<String> storageKeys) {
    return attempts.stagedKeys(storageKeys);
  }

  private void delete(String key) {
    try {
      store.delete(key);
    } catch (IOException e) {
      LOG.warnf("could not delete the staged upload %s (the orphan sweep will): %s", key, e);
    }
  }
}
