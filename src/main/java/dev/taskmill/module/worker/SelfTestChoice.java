package dev.taskmill.module.worker;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleProtocol;
import dev.taskmill.module.SelfTestRunner;
import dev.taskmill.module.SetupFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;

/**
 * A module's self-test runs the way its tasks will: in a warm worker when it is served warm, else
 * in a {@code test} process of its own.
 */
@ApplicationScoped
class SelfTestChoice implements SelfTestRunner {

  private final WarmSelfTest warm;
  private final ModuleProtocol protocol;
  private final TaskmillConfig config;

  SelfTestChoice(WarmSelfTest warm, ModuleProtocol protocol, TaskmillConfig config) {
    this.warm = warm;
    this.protocol = protocol;
    this.config = config;
  }

  @Override
  public ModuleProtocol.Outcome selfTest(
      String module, String envKey, Module.Workers workers, Path venv, Path moduleDir, Path workDir)
      throws SetupFailure {
    if (config.workers().enabled() && workers != null && workers.warm) {
      return warm.run(
          new WorkerLaunch(new WorkerKey(module, envKey), venv, moduleDir, workers), workDir);
    }
    return protocol.selfTest(venv, moduleDir, workDir);
  }
}
