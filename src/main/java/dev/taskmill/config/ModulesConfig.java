package dev.taskmill.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Settings of the module system. */
public interface ModulesConfig {
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
   * The model cache: one folder, shared by every module and kept across tasks, that module
   * processes find as {@code HF_HOME}, {@code TORCH_HOME}, {@code XDG_CACHE_HOME} and {@code
   * TASKMILL_MODEL_CACHE}. Nothing downloads at run time ({@code HF_HUB_OFFLINE=1}): models are put
   * here at install time, or come inside a module's requirements.
   */
  @WithDefault("${user.home}/.cache/taskmill/models")
  String modelCacheDir();

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

  /**
   * The most tasks of a module that run at once across all instances, by module name ({@code
   * taskmill.modules.max-concurrent."whisper"=2}). A module may declare its own ({@code
   * max_concurrent}); when both say, the lower holds. Unset: only the slots limit it.
   */
  Map<String, Integer> maxConcurrent();

  /** Modules uploaded as a zip: where they are unpacked, and the caps on a zip. */
  BundlesConfig bundles();
}
