package dev.taskmill.module.worker;

import dev.taskmill.module.MemoryLimits;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleEnvironment;
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
  private final ModuleEnvironment environment;
  private final WorkerPool pool;

  SelfTestChoice(
      WarmSelfTest warm, ModuleProtocol protocol, ModuleEnvironment environment, WorkerPool pool) {
    this.warm = warm;
    this.protocol = protocol;
    this.environment = environment;
    this.pool = pool;
  }

  @Override
  public ModuleProtocol.Outcome selfTest(
      String module,
      String envKey,
      Module.Workers workers,
      Module.Resources resources,
      Path venv,
      Path moduleDir,
      Path workDir)
      throws SetupFailure {
    if (pool.serves(workers)) {
      WorkerLaunch launch =
          new WorkerLaunch(
              new WorkerKey(module, envKey, -1),
              venv,
              moduleDir,
              () -> environment.forSelfTest(venv, resources),
              MemoryLimits.of(resources),
              workers);
      return warm.run(launch, workDir);
    }
    return protocol.selfTest(venv, moduleDir, workDir, resources);
  }
}
