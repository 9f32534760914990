package dev.taskmill.module;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment module processes get: explicit, so a module never sees the service's secrets.
 * Only locale, home, temp folder, proxy and pip settings pass through from the service.
 */
@ApplicationScoped
public class ModuleEnvironment {

  private static final String SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin";

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

  /** What a process running inside the virtual environment {@code venv} gets. */
  public Map<String, String> inVenv(Path venv) {
    Map<String, String> env = base();
    env.put("VIRTUAL_ENV", venv.toString());
    env.put("PATH", venv.resolve("bin") + ":" + SYSTEM_PATH);
    env.put("PYTHONUNBUFFERED", "1");
    // Keeps __pycache__ out of the modules folder, whose checksum says whether it changed.
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    env.put("TASKMILL_PROTOCOL", "2");
    return env;
  }
}
