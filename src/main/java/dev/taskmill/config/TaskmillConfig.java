package dev.taskmill.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
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

  /** Data items: inline content and listing. */
  Data data();

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

    /** Folder of the Python SDK ({@code taskmill} package) installed into every module venv. */
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
  }

  /** Settings of the local file store. */
  interface FileStore {
    /** Root folder of the file store. */
    @WithDefault("file-store")
    String root();
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
  }
}
