package dev.taskmill.instance;

import dev.taskmill.config.TaskmillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The GPUs this instance declares ({@code taskmill.gpus}) and the memory its running attempts hold
 * on them. Admission is by declared memory, not by what the driver reports: the service cannot see
 * what a model will allocate, and a reservation is a promise the next claim can rely on.
 */
@ApplicationScoped
public class GpuDevices {

  /** One device as the instance list shows it. */
  public record Device(int index, int memoryMb, int freeMb) {}

  /** Declared memory per device index, in the order declared. */
  private final Map<Integer, Integer> declared;

  private final Map<Integer, Integer> reserved = new LinkedHashMap<>();

  @Inject
  GpuDevices(TaskmillConfig config) {
    this(config.gpus().orElse(List.of()));
  }

  /** {@code entries}: {@code index:memoryMb} each; a bad one stops the start with its reason. */
  public GpuDevices(List<String> entries) {
    this.declared = parse(entries);
    declared.keySet().forEach(index -> reserved.put(index, 0));
  }

  static Map<Integer, Integer> parse(List<String> entries) {
    Map<Integer, Integer> devices = new LinkedHashMap<>();
    for (String raw : entries) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      String[] parts = entry.split(":");
      int index;
      int memory;
      try {
        if (parts.length != 2) {
          throw new NumberFormatException();
        }
        index = Integer.parseInt(parts[0].strip());
        memory = Integer.parseInt(parts[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "taskmill.gpus: '" + entry + "' is not index:memoryMb (e.g. 0:24576)");
      }
      if (index < 0 || memory <= 0) {
        throw new IllegalArgumentException(
            "taskmill.gpus: '" + entry + "' needs an index >= 0 and a memory in MB > 0");
      }
      if (devices.put(index, memory) != null) {
        throw new IllegalArgumentException("taskmill.gpus: device " + index + " is declared twice");
      }
    }
    return devices;
  }

  /** Whether this instance declares any GPU. */
  public boolean any() {
    return !declared.isEmpty();
  }

  /** The declared device indices, as {@code CUDA_VISIBLE_DEVICES} lists them ("0,1"). */
  public String indices() {
    return String.join(",", declared.keySet().stream().map(String::valueOf).toList());
  }

  /** The most GPU memory one task can get here now (0 without GPUs). */
  public synchronized int largestFreeMb() {
    int largest = 0;
    for (int index : declared.keySet()) {
      largest = Math.max(largest, free(index));
    }
    return largest;
  }

  /**
   * Holds {@code memoryMb} on the device with the least free memory that still fits (best fit: the
   * roomy devices stay free for the big tasks), or empty when none has that much free.
   */
  public synchronized Optional<GpuReservation> reserve(int memoryMb) {
    Integer best = null;
    for (int index : declared.keySet()) {
      if (free(index) >= memoryMb && (best == null || free(index) < free(best))) {
        best = index;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    reserved.merge(best, memoryMb, Integer::sum);
    return Optional.of(new GpuReservation(best, memoryMb));
  }

  /** Gives back what {@code reservation} held. */
  public synchronized void release(GpuReservation reservation) {
    reserved.computeIfPresent(reservation.device(), (i, held) -> held - reservation.memoryMb());
  }

  /** Every declared device with what is free on it now. */
  public synchronized List<Device> devices() {
    List<Device> devices = new ArrayList<>();
    declared.forEach((index, memory) -> devices.add(new Device(index, memory, free(index))));
    return devices;
  }

  private int free(int index) {
    return declared.get(index) - reserved.getOrDefault(index, 0);
  }
}
