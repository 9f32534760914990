package dev.taskmill.task.run;

import dev.taskmill.instance.GpuDevices;
import dev.taskmill.instance.GpuReservation;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Which GPU tasks this instance may claim now and on which device each runs: a task that declares
 * GPU memory is claimed only while a declared device has that much free, and holds it until its
 * attempt ends (docs/operations.md "GPUs").
 */
@ApplicationScoped
public class GpuAdmission {

  private static final Logger LOG = Logger.getLogger(GpuAdmission.class);

  private final GpuDevices gpus;

  GpuAdmission(GpuDevices gpus) {
    this.gpus = gpus;
  }

  /** {@code configured} capabilities, plus {@code gpu} when GPUs are declared. */
  List<String> offered(List<String> configured) {
    List<String> offered = new ArrayList<>(configured);
    if (gpus.any() && !offered.contains(TaskStore.GPU)) {
      offered.add(TaskStore.GPU);
    }
    return List.copyOf(offered);
  }

  /** The most GPU memory a task claimed now can get (what the claim filter asks for). */
  int largestFreeMb() {
    return gpus.largestFreeMb();
  }

  /**
   * The device a claimed task runs on, or null (no GPU needed, or none declared here: an instance
   * that offers {@code gpu} by capability alone). Only the dispatcher's thread reserves, and
   * releases only free memory, so what its claim saw free is still free here.
   */
  GpuReservation reserve(Task task) {
    if (!task.needs.contains(TaskStore.GPU) || !gpus.any()) {
      return null;
    }
    int memoryMb = task.gpuMemoryMb == null ? 0 : task.gpuMemoryMb;
    GpuReservation gpu = gpus.reserve(memoryMb).orElse(null);
    if (gpu == null) {
      LOG.warnf(
          "task %s: no GPU has %d MB free after its claim; it runs without", task.id, memoryMb);
    }
    return gpu;
  }

  /** Gives back what the attempt held; null: nothing. */
  void release(GpuReservation gpu) {
    if (gpu != null) {
      gpus.release(gpu);
    }
  }

  /** The declared devices with what is free on each now. */
  List<GpuDevices.Device> devices() {
    return gpus.devices();
  }
}
