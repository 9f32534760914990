package dev.taskmill.instance;

/**
 * GPU memory held on one device of this instance for one attempt, from its claim until it ends.
 *
 * @param device the CUDA device index (what the module process gets as {@code
 *     CUDA_VISIBLE_DEVICES})
 * @param memoryMb how much of the device's declared memory is held
 */
public record GpuReservation(int device, int memoryMb) {}
