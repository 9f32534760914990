package dev.taskmill.task;

import dev.taskmill.process.BoundedLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The tasks this instance is running right now, with their processes and live logs. */
@ApplicationScoped
public class TaskExecutions {

  /** The time before each log line: always as wide, so the lines stay aligned. */
  static final DateTimeFormatter LINE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** One task running here. */
  public static final class Execution {
    public final String taskId;
    public final String leaseToken;
    final BoundedLog log;
    private final Clock clock;

    private Runnable stop;
    private volatile boolean cancelled;
    private volatile boolean handedBack;

    Execution(String taskId, String leaseToken, int logLimit, Clock clock) {
      this.clock = clock;
      this.taskId = taskId;
      this.leaseToken = leaseToken;
      this.log = new BoundedLog(logLimit);
    }

    /**
     * Appends a line to the live log, after the time it was received (ISO-8601 UTC, to the
     * millisecond, and a space): module output carries no times, and a reader of a long run needs
     * to see where the time went.
     */
    public void logLine(String line) {
      log.line(LINE_TIME.format(clock.instant()) + " " + line);
    }

    /** The live log so far. */
    public String logText() {
      return log.toString();
    }

    /** Registers how to stop the run (kill its process); stops it at once if already stopped. */
    public synchronized void onStop(Runnable stop) {
      this.stop = stop;
      if (cancelled || handedBack) {
        stop.run();
      }
    }

    synchronized void cancel() {
      cancelled = true;
      if (stop != null) {
        stop.run();
      }
    }

    /** Whether a client cancelled the task while it ran here. */
    public boolean isCancelled() {
      return cancelled;
    }

    /** Stops the run because this instance shuts down; the task goes back to the queue. */
    synchronized void handBack() {
      handedBack = true;
      if (stop != null) {
        stop.run();
      }
    }

    /** Whether this instance stopped the run to hand the task back (shutdown). */
    public boolean isHandedBack() {
      return handedBack;
    }
  }

  private final Map<String, Execution> running = new ConcurrentHashMap<>();
  private final Clock clock;

  TaskExecutions(Clock clock) {
    this.clock = clock;
  }

  public Execution start(String taskId, String leaseToken, int logLimit) {
    Execution execution = new Execution(taskId, leaseToken, logLimit, clock);
    running.put(taskId, execution);
    return execution;
  }

  public void finish(Execution execution) {
    running.remove(execution.taskId, execution);
  }

  /** Kills the task's process tree if it runs here. */
  public void cancel(String taskId) {
    Execution execution = running.get(taskId);
    if (execution != null) {
      execution.cancel();
    }
  }

  /** Stops every task running here, to hand it back to the queue (shutdown). */
  public void handBackAll() {
    running.values().forEach(Execution::handBack);
  }

  /** The execution of a task running here. */
  Optional<Execution> find(String taskId) {
    return Optional.ofNullable(running.get(taskId));
  }

  /** The live log of a task running here. */
  public Optional<String> liveLog(String taskId) {
    return Optional.ofNullable(running.get(taskId)).map(e -> e.log.toString());
  }

  public Collection<Execution> all() {
    return running.values();
  }

  /** How many tasks run here. */
  public int count() {
    return running.size();
  }
}
