package dev.taskmill.task.history;

import java.util.List;

/**
 * Tasks that succeeded and failed per minute and the queue depth sampled in each minute, of one
 * module or all, from {@code window.start()}; {@code modules}: those the chart may select.
 */
public record Throughput(
    MinuteBuckets window,
    String module,
    List<String> modules,
    long[] succeeded,
    long[] failed,
    Integer[] queued) {}
