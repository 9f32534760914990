package dev.taskmill.module.worker;

/**
 * Which workers may run a module's job: those of the same module in the same environment (a
 * reinstall or a changed module folder makes a new environment key, so no old worker serves it),
 * started for the same GPU device ({@code -1}: none), since a process keeps the device it started
 * with.
 */
public record WorkerKey(String module, String envKey, int gpuDevice) {}
