package dev.taskmill.module;

/**
 * What this instance does about setting modules up. Which one it has is decided once, from {@code
 * taskmill.role} ({@link ModuleWorkChoice}): a worker detects and sets modules up itself ({@link
 * LocalDetection}); an api instance runs no module, so it asks the workers through the database
 * ({@link RequestedDetection}) and reports what they recorded.
 */
interface ModuleWork {

  /** With the service: the start-up pass, if configured. */
  void start();

  /** On shutdown: stops passes and setups that still run. */
  void stop();

  /** Starts a detection pass, or returns the one that is running. */
  DetectionRun detect();

  /**
   * Has every instance that sets modules up run a pass (a bundle was uploaded or retired): asks
   * them through the database, and starts one here at once when this instance sets modules up.
   */
  DetectionRun detectEverywhere();

  /** The latest detection pass, or null before the first. */
  DetectionRun lastDetection();

  /** Has a module that was just put back to DETECTED set up soon. */
  void setUpSoon(String name);

  /** Whether {@code name} is being set up right now. */
  boolean isSettingUp(String name);

  /** Runs the passes other instances asked for since the last call. */
  void runRequestedPasses();

  /** Deletes cached environments nobody uses any more. */
  void sweepEnvironments();
}
