package dev.taskmill.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every Taskmill setting, read from {@code application.properties} or {@code TASKMILL_*} env. */
@ConfigMapping(prefix = "taskmill")
public interface TaskmillConfig {

  /** The embedded MongoDB-wire server used when no MongoDB connection string is configured. */
  EmbeddedMongo embeddedMongo();

  /** Module detection, setup and self-test. */
  Modules modules();

  /** Where file content of data items is stored. */
  FileStore fileStore();

  /** Task promotion, dispatch and execution. */
  Tasks tasks();

  /** Data items: inline content and listing. */
  Data data();

  /** The live event stream. */
  EventStream events();

  /**
   * An admin API key accepted from the first start on (env {@code TASKMILL_BOOTSTRAP_ADMIN_KEY}).
   * Unset, and no key exists yet, the first start generates one and writes it to {@code
   * taskmill.auth.admin-key-file}.
   */
  Optional<String> bootstrapAdminKey();

  /** API keys. */
  Auth auth();

  /**
   * What this instance does: {@code all} (default: one box serves the API and runs tasks), {@code
   * api} (serves the API, runs nothing: no module setup, no task claims) or {@code worker} (sets up
   * modules and runs tasks; serves no API besides health).
   */
  @WithDefault("all")
  InstanceRole role();

  /**
   * What this instance offers beyond CPU, e.g. {@code gpu}. A task whose module declares {@code
   * gpu=True} is claimed only by an instance that offers {@code gpu}.
   */
  Optional<List<String>> capabilities();

  /**
   * On SIGTERM: how long running tasks may go on finishing; the rest are handed back to the queue
   * (without counting the attempt). Kubernetes' terminationGracePeriodSeconds must be longer.
   */
  @WithDefault("30s")
  Duration shutdownGrace();

  /** The instance registry and its heartbeats. */
  Instances instances();

  /** The roles of {@code taskmill.role}. */
  enum InstanceRole {
    ALL,
    API,
    WORKER;

    /** Whether this role sets up modules and runs tasks. */
    public boolean runsTasks() {
      return this != API;
    }

    /** Whether this role serves {@code /api/v1}. */
    public boolean servesApi() {
      return this != WORKER;
    }
  }

  /** Settings of the {@code instances} collection. */
  interface Instances {
    /** How often an instance writes its heartbeat (and renews the leases of its running tasks). */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** An instance without a heartbeat for this long is shown offline. */
    @WithDefault("30s")
    Duration offlineAfter();

    /** An instance without a heartbeat for this long is removed from the list. */
    @WithDefault("10m")
    Duration removeAfter();
  }

  /** Settings of API-key authentication. */
  interface Auth {
    /** Where a generated first admin key is written (mode 600), once. */
    @WithDefault("data/admin-key")
    String adminKeyFile();

    /**
     * How long a checked key is remembered by an instance. A revocation takes effect at once on the
     * instance that revoked the key and within this time on the others.
     */
    @WithDefault("10s")
    Duration cacheTtl();
  }

  /** Settings of {@code /api/v1/events}. */
  interface EventStream {
    /** How often a comment line is sent on an idle stream, so proxies keep it open. */
    @WithDefault("15s")
    Duration heartbeat();
  }

  /** Settings of the embedded MongoDB-wire server (mongo-java-server with its H2 backend). */
  interface EmbeddedMongo {
    /**
     * Whether to start the embedded server. When unset it starts exactly when {@code
     * quarkus.mongodb.connection-string} still points at {@code mongodb://127.0.0.1:<port>}, the
     * default; setting {@code QUARKUS_MONGODB_CONNECTION_STRING} to a real MongoDB turns it off.
     */
    Optional<Boolean> enabled();

    /** Loopback port the embedded server listens on. */
    @WithDefault("27027")
    int port();

    /**
     * H2 data file that keeps the embedded database across restarts. Set it to {@code memory} for a
     * throw-away in-memory database (used by the tests).
     */
    @WithDefault("data/taskmill.mv")
    String file();
  }

  /** Settings of the module system. */
  interface Modules {
    /** Folder scanned for modules: each {@code <dir>/<name>/main.py} is one module. */
    @WithDefault("modules")
    String dir();

    /**
     * Cache folder for the modules' virtual environments, outside the source tree, keyed by module
     * name and checksum so a fresh clone on the same machine reuses them.
     */
    @WithDefault("${user.home}/.cache/taskmill/venvs")
    String venvDir();

    /**
     * Folder of the Python SDK; its {@code runtime/} folder (distribution {@code taskmill-runtime})
     * is installed into every module venv, and only its checksum keys them.
     */
    @WithDefault("sdk/python")
    String sdkDir();

    /** Python interpreter used to create virtual environments; resolved once to its real path. */
    @WithDefault("python3")
    String python();

    /** Whether detection runs at start-up (in the background; readiness does not wait). */
    @WithDefault("true")
    boolean detectOnStart();

    /** Time limit for creating a module's venv and installing its requirements. */
    @WithDefault("15m")
    Duration setupTimeout();

    /** Time limit for a module's self-test. */
    @WithDefault("5m")
    Duration testTimeout();

    /** Time limit for {@code describe}, which only imports main.py and prints the manifest. */
    @WithDefault("60s")
    Duration describeTimeout();

    /** Bytes of setup and test output kept per module (the tail is kept when it is longer). */
    @WithDefault("65536")
    int logLimitBytes();

    /** How many modules are set up and tested at once. */
    @WithDefault("2")
    int setupConcurrency();

    /**
     * How long an environment that no module uses any more (its module changed or was reinstalled)
     * stays in the cache after its last use before the sweep deletes it.
     */
    @WithDefault("7d")
    Duration venvRetention();

    /** How often a worker sweeps the environment cache (see {@link #venvRetention()}). */
    @WithDefault("6h")
    Duration venvSweepInterval();

    /** How often a worker looks for detection passes that an api instance asked for. */
    @WithDefault("2s")
    Duration requestPollInterval();
  }

  /** Settings of the local file store. */
  interface FileStore {
    /** Root folder of the file store. */
    @WithDefault("file-store")
    String root();

    /** How often stored files that nothing refers to (older than an hour) are deleted. */
    @WithDefault("1h")
    Duration orphanSweepInterval();

    /**
     * How often files that interrupted writes left in the store's {@code tmp/} folder (an upload
     * cut off by a crash) are deleted; only files nobody wrote to for 15 minutes go.
     */
    @WithDefault("5m")
    Duration tmpSweepInterval();
  }

  /** Settings of the task runtime. */
  interface Tasks {
    /** How many module processes run at once on this instance (default: the number of cores). */
    Optional<Integer> concurrency();

    /**
     * How often WAITING tasks are checked (finishing tasks also promote their dependants at once).
     */
    @WithDefault("2s")
    Duration promoteInterval();

    /** How often every WAITING task is checked (the safety net for a promotion a crash lost). */
    @WithDefault("5m")
    Duration fullSweepInterval();

    /** How often the dispatcher looks for QUEUED tasks it was not told about (other instances). */
    @WithDefault("1s")
    Duration pollInterval();

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
     * module's failure, so it does not count against the task's {@code maxAttempts}; it is run
     * again after a backoff. This cap stops a task that takes its instance down every time (say, by
     * exhausting its memory) from running for ever. Attempts handed back at a graceful shutdown
     * count against neither limit.
     */
    @WithDefault("5")
    int maxInfrastructureRetries();
  }

  /** Settings of data items. */
  interface Data {
    /**
     * Inline TEXT or JSON content (UTF-8 bytes) up to this size is kept in the item's MongoDB
     * document; larger content goes to the file store, transparently to clients. MongoDB caps a
     * document at 16 MiB, and small documents keep listing fast.
     */
    @WithDefault("262144")
    int inlineLimitBytes();

    /** Items per page of {@code GET /api/v1/data} when the request gives no {@code size}. */
    @WithDefault("50")
    int defaultPageSize();

    /**
     * The largest request body, i.e. the largest upload (also {@code quarkus.http.limits
     * .max-body-size}); a larger one gets 413 before any of it is read.
     */
    @WithDefault("10G")
    io.quarkus.runtime.configuration.MemorySize maxUploadSize();
  }

  /** How module processes are contained and read (docs/security/process.md). */
  Processes processes();

  /** Settings of every subprocess the service starts (module runs, describe, self-test, pip). */
  interface Processes {
    /**
     * Put each process into its own cgroup v2, below the service's own, when that is writable: the
     * service then kills the whole group when the process ends. Elsewhere the launcher (a child
     * subreaper) and a sweep of the processes carrying the process's mark do the same job.
     */
    @WithDefault("true")
    boolean cgroup();

    /**
     * Longest stderr line kept, in bytes; the rest of a longer line is dropped without being held
     * in memory, and the line says how many bytes were dropped.
     */
    @WithDefault("65536")
    int maxLineBytes();

    /**
     * Longest stdout line kept, in bytes: stdout carries the protocol messages, and a {@code
     * result} holds the inline output values, so it gets more room than stderr. A longer result is
     * cut and is then no result at all (docs/module-protocol.md).
     */
    @WithDefault("16777216")
    int maxStdoutLineBytes();
  }
}
