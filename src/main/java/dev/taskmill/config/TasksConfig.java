package dev.taskmill.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the task runtime. */
public interface TasksConfig {
  /** How many module processes run at once on this instance (default: the number of cores). */
  Optional<Integer> concurrency();

  /**
   * How often WAITING tasks are checked (finishing tasks also promote their dependants at once).
   */
  @WithDefault("2s")
  Duration promoteInterval();

  /**
   * How often every WAITING task is checked (the safety net for a promotion a crash lost; it also
   * runs at start and after the database was away). Each sweep reads every WAITING task and PENDING
   * item: seconds of CPU with 100,000 tasks stored, so not every few minutes on an idle instance.
   */
  @WithDefault("30m")
  Duration fullSweepInterval();

  /** How often the dispatcher looks for QUEUED tasks it was not told about (other instances). */
  @WithDefault("1s")
  Duration pollInterval();

  /**
   * How often a dispatcher that is alone on its database, with every module ready here and no
   * backoff pending, still looks for QUEUED tasks: a safety net only, as whatever queues a task on
   * this instance wakes it at once.
   */
  @WithDefault("10s")
  Duration idlePollInterval();

  /** Folder for per-task work dirs (job.json, outputs before publication, scratch). */
  @WithDefault("data/work")
  String workDir();

  /**
   * How often work folders that could not be deleted when their attempt ended (a file that cannot
   * be removed, a failing disk) are tried again.
   */
  @WithDefault("1m")
  Duration workFolderRetryInterval();

  /** Attempts a task gets when the request does not say. */
  @WithDefault("1")
  int defaultMaxAttempts();

  /** Timeout a task gets when neither the request nor the module says. */
  @WithDefault("1h")
  Duration defaultTimeout();

  /** Wait before attempt n+1: this times 2^(n-1), capped by {@code backoff-max}. */
  @WithDefault("2s")
  Duration backoffBase();

  /** Longest wait between attempts. */
  @WithDefault("60s")
  Duration backoffMax();

  /** How long a lease lasts without renewal. */
  @WithDefault("60s")
  Duration leaseDuration();

  /** How often the logs of tasks running here are copied for the other instances. */
  @WithDefault("2s")
  Duration liveLogInterval();

  /** How often running tasks' leases are renewed and expired ones recovered. */
  @WithDefault("10s")
  Duration leaseCheckInterval();

  /** Bytes of module output kept per task (the tail). */
  @WithDefault("65536")
  int logLimitBytes();

  /**
   * How many attempts of one task the infrastructure may lose before the task FAILS: an attempt
   * whose lease expired (its instance was killed, paused or cut off from the database) or that
   * could not store its outputs (the file store full or read-only). Such an attempt is not the
   * module's failure, so it does not count against the task's {@code maxAttempts}; it is run again
   * after a backoff. This cap stops a task that takes its instance down every time (say, by
   * exhausting its memory) from running for ever. Attempts handed back at a graceful shutdown count
   * against neither limit.
   */
  @WithDefault("5")
  int maxInfrastructureRetries();

  /**
   * The highest priority a user (not an admin) may give a task; a higher one is refused with a 422
   * that names this maximum. Admins may give any priority, so above it is room for their urgent
   * work that no user can overtake.
   */
  @WithDefault("10")
  int maxUserPriority();
}
