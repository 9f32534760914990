package dev.taskmill.instance;

import java.util.List;

/**
 * The tasks this instance runs, as the rest of the instance sees them. Which workload an instance
 * has is decided once, from {@code taskmill.role}: an {@code api} instance has {@link #NONE}.
 */
public interface Workload {

  /** Starts claiming and running tasks. */
  void start();

  /**
   * Graceful stop: claims nothing more, lets running tasks finish within {@code
   * taskmill.shutdown-grace}, then hands the rest back to the queue.
   */
  void stop();

  /** How many tasks this instance can run at once. */
  int capacity();

  /** What this instance offers beyond CPU (e.g. {@code gpu}). */
  List<String> capabilities();

  /** The GPUs this instance declares, with the memory free on each now (none by default). */
  default List<GpuDevices.Device> gpus() {
    return List.of();
  }

  /** How many tasks run here now. */
  int running();

  /** Renews the leases of the tasks running here (called a few times per lease duration). */
  void renewLeases();

  /** The workload of an instance that runs no tasks. */
  Workload NONE =
      new Workload() {
        @Override
        public void start() {}

        @Override
        public void stop() {}

        @Override
        public int capacity() {
          return 0;
        }

        @Override
        public List<String> capabilities() {
          return List.of();
        }

        @Override
        public int running() {
          return 0;
        }

        @Override
        public void renewLeases() {}
      };
}
