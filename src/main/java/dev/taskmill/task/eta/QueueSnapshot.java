package dev.taskmill.task.eta;

import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * What the forecast plays forward: the RUNNING tasks and the head of the queue, read together and
 * used for {@link #FRESH}, so dashboards that poll every second, or several clients paging, read
 * the queue once a second between them rather than once a request. A task queued within that second
 * has no estimate until the next read.
 */
@ApplicationScoped
public class QueueSnapshot {

  /** How long one read of the queue is used. */
  static final Duration FRESH = Duration.ofSeconds(1);

  /** How many queued tasks (in claim order) are read; a task further back has no estimate. */
  static final int HEAD = 200;

  /** RUNNING tasks read (more than any slot count; a few stale ones do not matter). */
  static final int RUNNING = 200;

  /** The RUNNING tasks and the first {@link #HEAD} QUEUED ones in claim order. */
  record Read(List<Task> running, List<Task> queue, long at) {}

  private final TaskStore tasks;
  private volatile Read last;

  QueueSnapshot(TaskRepository tasks) {
    this.tasks = tasks;
  }

  /** The queue as of at most {@link #FRESH} ago. */
  Read now() {
    long now = System.nanoTime();
    Read read = last;
    if (read == null || now - read.at() > FRESH.toNanos()) {
      read = new Read(tasks.running(null, RUNNING), tasks.queue(HEAD), now);
      last = read;
    }
    return read;
  }
}
