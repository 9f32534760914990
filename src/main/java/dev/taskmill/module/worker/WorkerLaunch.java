package dev.taskmill.module.worker;

import dev.taskmill.module.Module;
import java.nio.file.Path;

/**
 * What it takes to start a worker for a module: its environment ({@code venv}), its folder, and its
 * worker settings (recycling, idle time).
 */
public record WorkerLaunch(WorkerKey key, Path venv, Path moduleDir, Module.Workers settings) {}
