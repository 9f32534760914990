package dev.taskmill.process;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subprocess adapter: starts module processes with an explicit cwd and environment, drains both
 * streams concurrently, bounds what it keeps, and kills whole process trees on timeout,
 * cancellation or service shutdown.
 */
@ApplicationScoped
public class ProcessRunner {

  private final Set<RunningProcess> live = ConcurrentHashMap.newKeySet();

  /** Starts the process described by {@code spec}. */
  public RunningProcess start(ProcessSpec spec) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(spec.command()).directory(spec.cwd().toFile());
    builder.environment().clear();
    builder.environment().putAll(spec.env());
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    long start = System.nanoTime();
    Process process = builder.start();
    process.getOutputStream().close();
    RunningProcess running = new RunningProcess(process, spec, start);
    live.add(running);
    process.onExit().thenRun(() -> live.remove(running));
    return running;
  }

  /** Starts the process and waits for it to end. */
  public ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException {
    RunningProcess running = start(spec);
    try {
      return running.await();
    } finally {
      live.remove(running);
    }
  }

  /** How many processes started here are still alive. */
  public int liveCount() {
    live.removeIf(p -> !p.isAlive());
    return live.size();
  }

  @PreDestroy
  void killAll() {
    live.forEach(RunningProcess::killTree);
    live.clear();
  }
}
