package dev.taskmill.module;

import dev.taskmill.process.ProcessResult;

/** A module's declared memory as a process limit, and what a person reads when it went over. */
public final class MemoryLimits {

  private MemoryLimits() {}

  /** The limit in MB a process of a module with {@code resources} runs under (0: none). */
  public static int of(Module.Resources resources) {
    return resources == null ? 0 : Math.max(0, resources.memoryMb);
  }

  /**
   * Why {@code what} (e.g. "the module", "the self-test") was stopped, in words the module's author
   * acts on: how much it used, what the module declares, and which field to raise.
   */
  public static String exceeded(String what, ProcessResult ended, int limitMb) {
    return what
        + " used "
        + Math.round(ended.peakRssBytes() / (1024.0 * 1024.0))
        + " MB of memory, more than the "
        + limitMb
        + " MB it declares, and was stopped. If it needs that much, raise resources.memoryMb"
        + " (memory_mb in the Resources(...) of its main.py) and set it up again";
  }
}
