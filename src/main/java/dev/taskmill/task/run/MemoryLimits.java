package dev.taskmill.task.run;

import dev.taskmill.module.Module;
import dev.taskmill.process.ProcessResult;

/** A module's declared memory as a process limit, and what a person reads when it went over. */
public final class MemoryLimits {

  private MemoryLimits() {}

  /** The limit in MB a process of {@code module} runs under (0: none declared). */
  public static int of(Module module) {
    return module.resources == null ? 0 : Math.max(0, module.resources.memoryMb);
  }

  /**
   * Why the attempt failed, in words the module's author acts on: how much it used, what it
   * declared, and which field to raise. Not retried: the same input needs the same memory.
   */
  public static String exceeded(Module module, ProcessResult ended) {
    return "the module used "
        + mb(ended.peakRssBytes())
        + " MB of memory, more than the "
        + of(module)
        + " MB it declares, and was stopped. If it needs that much, raise resources.memoryMb"
        + " (memory_mb in the Resources(...) of its main.py) and set it up again";
  }

  private static long mb(long bytes) {
    return Math.round(bytes / (1024.0 * 1024.0));
  }
}
