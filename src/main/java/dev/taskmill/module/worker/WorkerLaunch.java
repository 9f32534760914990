package dev.taskmill.module.worker;

import dev.taskmill.module.Module;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What it takes to start a worker for a module: its environment ({@code venv}), its folder, the
 * process environment (with the GPU it was given; made only when a worker is started, not for each
 * job an idle worker takes), its memory limit, and its worker settings (recycling, idle time).
 */
public record WorkerLaunch(
    WorkerKey key,
    Path venv,
    Path moduleDir,
    Supplier<Map<String, String>> env,
    int memoryLimitMb,
    Module.Workers settings) {}
