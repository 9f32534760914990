package dev.taskmill.module;

import java.nio.file.Path;

/**
 * Runs a module's self-test the way its tasks will run: in a warm worker for a module served warm,
 * else with {@code python -m taskmill test} (docs/module-protocol.md).
 */
public interface SelfTestRunner {

  /** The self-test of {@code module} in {@code workDir}, as it ended. */
  ModuleProtocol.Outcome selfTest(
      String module,
      String envKey,
      Module.Workers workers,
      Module.Resources resources,
      Path venv,
      Path moduleDir,
      Path workDir)
      throws SetupFailure;
}
