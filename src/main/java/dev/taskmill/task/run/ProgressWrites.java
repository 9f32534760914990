package dev.taskmill.task.run;

import dev.taskmill.task.TaskExecutions;
import dev.taskmill.task.TaskRepository;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Opens the {@link AttemptChannel} of an attempt running here: log lines go to its live log,
 * progress to the task, at most every {@value #EVERY_MILLIS} ms and off the thread that reads the
 * module's output, one write at a time per attempt. While the database is away a write waits (or
 * fails), and the reader must go on reading, or the result line is not read before the process ends
 * and the attempt is lost.
 */
@ApplicationScoped
public class ProgressWrites {

  private static final Logger LOG = Logger.getLogger(ProgressWrites.class);
  private static final long EVERY_MILLIS = 250;
  private static final long SETTLE_SECONDS = 10;

  private final TaskRepository tasks;

  /** At most one write in flight per running attempt (so as many threads as slots). */
  private final ExecutorService writes =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "task-progress");
            t.setDaemon(true);
            return t;
          });

  ProgressWrites(TaskRepository tasks) {
    this.tasks = tasks;
  }

  /** The channel of {@code task}'s attempt under {@code token}, running as {@code execution}. */
  public Channel open(Task task, String token, TaskExecutions.Execution execution) {
    return new Channel(task, token, execution);
  }

  /** One attempt's channel; closing it ends its progress writes. */
  public final class Channel implements AttemptChannel, AutoCloseable {
    private final Task task;
    private final String token;
    private final TaskExecutions.Execution execution;

    /** Held by the progress write in flight. */
    private final Semaphore writing = new Semaphore(1);

    private volatile boolean closed;
    private volatile long lastWrite;

    private Channel(Task task, String token, TaskExecutions.Execution execution) {
      this.task = task;
      this.token = token;
      this.execution = execution;
    }

    @Override
    public void log(String line) {
      execution.logLine(line);
    }

    @Override
    public String logText() {
      return execution.logText();
    }

    @Override
    public void onStop(Runnable stop) {
      execution.onStop(stop);
    }

    @Override
    public void progress(double fraction, String message) {
      long now = System.currentTimeMillis();
      if (closed || now - lastWrite < EVERY_MILLIS || !writing.tryAcquire()) {
        return; // advisory: a later report carries newer news
      }
      lastWrite = now;
      Task.Progress latest = new Task.Progress();
      latest.fraction = Math.max(0, Math.min(1, fraction));
      latest.message = message;
      writes.execute(
          () -> {
            try {
              if (!closed) {
                tasks.progressed(task, token, latest);
              }
            } catch (RuntimeException e) {
              // Progress is advisory: the database being away must not cost the attempt.
              LOG.debugf("task %s: progress not saved: %s", task.id, e);
            } finally {
              writing.release();
            }
          });
    }

    /**
     * Once the module ended: starts no more progress writes and waits (briefly) for the one in
     * flight, so it never lands after the attempt's final transition. On a server that writes whole
     * documents (FerretDB 1.x) a late progress write could otherwise undo that transition.
     */
    @Override
    public void close() {
      closed = true;
      try {
        if (writing.tryAcquire(SETTLE_SECONDS, TimeUnit.SECONDS)) {
          writing.release();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
