package dev.taskmill.module;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.instance.GpuDevices;
import dev.taskmill.instance.GpuReservation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The environment module processes get: explicit, so a module never sees the service's secrets.
 * Only locale, home, temp folder, proxy and pip settings pass through from the service. Module
 * processes also get the model cache ({@link ModelCache}) and the GPU they may use.
 */
@ApplicationScoped
public class ModuleEnvironment {

  private static final Logger LOG = Logger.getLogger(ModuleEnvironment.class);

  private static final String SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin";

  /** The variable CUDA, PyTorch, TensorFlow and ONNX Runtime read to know which GPUs to use. */
  static final String CUDA_DEVICES = "CUDA_VISIBLE_DEVICES";

  private final Map<String, String> modelCache;
  private final GpuDevices gpus;

  @Inject
  ModuleEnvironment(TaskmillConfig config, GpuDevices gpus) {
    this(Path.of(config.modules().modelCacheDir()), gpus);
  }

  public ModuleEnvironment(Path modelCacheDir, GpuDevices gpus) {
    Path cache = modelCacheDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(cache);
    } catch (IOException e) {
      // A module that needs no cache runs anyway; one that does fails with its own message.
      LOG.warnf("cannot make the model cache %s: %s", cache, e);
    }
    this.modelCache = ModelCache.variables(cache);
    this.gpus = gpus;
  }

  /** What every process gets. */
  public Map<String, String> base() {
    Map<String, String> env = new HashMap<>();
    Map<String, String> service = System.getenv();
    env.put("PATH", service.getOrDefault("PATH", SYSTEM_PATH));
    env.put("LANG", "C.UTF-8");
    env.put("LC_ALL", "C.UTF-8");
    env.put("TMPDIR", System.getProperty("java.io.tmpdir"));
    env.put("HOME", System.getProperty("user.home"));
    service.forEach(
        (key, value) -> {
          String lower = key.toLowerCase();
          if (key.startsWith("PIP_")
              || key.startsWith("PYENV")
              || lower.endsWith("_proxy")
              || key.equals("SSL_CERT_FILE")
              || key.equals("REQUESTS_CA_BUNDLE")) {
            env.put(key, value);
          }
        });
    env.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
    env.put("PIP_NO_INPUT", "1");
    return env;
  }

  /**
   * What a process running inside the virtual environment {@code venv} gets: the model cache, and
   * no GPU ({@code CUDA_VISIBLE_DEVICES=""}) unless the caller gives it one.
   */
  public Map<String, String> inVenv(Path venv) {
    Map<String, String> env = base();
    env.put("VIRTUAL_ENV", venv.toString());
    env.put("PATH", venv.resolve("bin") + ":" + SYSTEM_PATH);
    env.put("PYTHONUNBUFFERED", "1");
    // Keeps __pycache__ out of the modules folder, whose checksum says whether it changed.
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    env.put("TASKMILL_PROTOCOL", "2");
    env.putAll(modelCache);
    env.put(CUDA_DEVICES, "");
    return env;
  }

  /**
   * What the process running one job of a module gets: the GPU reserved for the job; none for a
   * module that declares no GPU; and, for a GPU module on an instance that offers {@code gpu}
   * without declaring devices, whatever the host shows (the variable is left out).
   */
  public Map<String, String> forJob(Path venv, Module.Resources resources, GpuReservation gpu) {
    Map<String, String> env = inVenv(venv);
    if (gpu != null) {
      env.put(CUDA_DEVICES, Integer.toString(gpu.device()));
    } else if (resources != null && resources.needsGpu()) {
      env.remove(CUDA_DEVICES);
    }
    return env;
  }

  /**
   * What a module's self-test gets: what its jobs will get. A GPU module is tested on the first
   * declared device without a reservation (setup is not a task; docs/decisions.md).
   */
  public Map<String, String> forSelfTest(Path venv, Module.Resources resources) {
    if (resources == null || !resources.needsGpu() || !gpus.any()) {
      return forJob(venv, resources, null);
    }
    int first = gpus.devices().get(0).index();
    return forJob(venv, resources, new GpuReservation(first, 0));
  }
}
