package dev.taskmill.module.worker;

import dev.taskmill.module.Module;
import java.nio.file.Path;
import java.util.Map;

/**
 * What it takes to start a worker for a module: its environment ({@code venv}), its folder, the
 * process environment (with the GPU it was given), its memory limit, and its worker settings
 * (recycling, idle time).
 */
public record WorkerLaunch(
    WorkerKey key,
    Path venv,
    Path moduleDir,
    Map<String, String> env,
    int memoryLimitMb,
    Module.Workers settings) {}
