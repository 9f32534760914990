package dev.taskmill.task.run;

import dev.taskmill.instance.GpuReservation;
import dev.taskmill.module.Module;
import dev.taskmill.task.model.Task;
import java.nio.file.Path;

/**
 * One attempt's work, ready to run: the task, its module, and the attempt's folder holding {@code
 * job.json} (what the module reads, see docs/module-protocol.md), {@code out/} and {@code work/}.
 *
 * @param gpu the GPU memory held for the attempt, or null when it runs without a GPU
 */
public record ModuleJob(Task task, Module module, Path folder, GpuReservation gpu) {

  /** A job without a GPU. */
  public ModuleJob(Task task, Module module, Path folder) {
    this(task, module, folder, null);
  }

  /** The job file the module's {@code run} command reads. */
  public Path jobFile() {
    return folder.resolve("job.json");
  }

  /** Where the module writes its output files. */
  public Path outputDir() {
    return folder.resolve("out");
  }

  /** The module's scratch folder. */
  public Path workDir() {
    return folder.resolve("work");
  }
}
