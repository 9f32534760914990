package dev.taskmill.process;

import dev.taskmill.config.TaskmillConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The subprocess adapter: starts module processes with an explicit cwd and environment, drains both
 * streams concurrently with a bounded line length, bounds what it keeps, and makes sure that no
 * process a command started outlives it: when the command ends (by itself, on timeout, cancellation
 * or service shutdown) every process it started is killed before {@link RunningProcess#await()}
 * returns. How: docs/security/process.md.
 */
@ApplicationScoped
public class ProcessRunner {

  private static final Logger LOG = Logger.getLogger(ProcessRunner.class);

  private final Set<RunningProcess> live = ConcurrentHashMap.newKeySet();
  private final ProcessLauncher launcher;
  private final ProcessCgroups cgroups;
  private final int maxStdoutLineBytes;
  private final int maxLineBytes;

  @Inject
  public ProcessRunner(TaskmillConfig config) {
    this(
        config.modules().python(),
        config.processes().cgroup(),
        config.processes().maxStdoutLineBytes(),
        config.processes().maxLineBytes());
  }

  /**
   * @param python the Python that runs the launcher (a name on the service's PATH, or a path)
   * @param cgroup whether to put each process in a cgroup v2 of its own where the host allows
   */
  public ProcessRunner(String python, boolean cgroup, int maxStdoutLineBytes, int maxLineBytes) {
    this.launcher = ProcessLauncher.find(python).orElse(null);
    this.cgroups = cgroup ? ProcessCgroups.detect().orElse(null) : null;
    this.maxStdoutLineBytes = maxStdoutLineBytes;
    this.maxLineBytes = maxLineBytes;
    if (launcher == null) {
      LOG.warnf(
          "no Python '%s' for the process launcher: a module's leftover processes are found only"
              + " by %s",
          python,
          cgroups == null ? "the environment mark" : "their cgroup and the environment mark");
    }
    LOG.infof("module processes: %s", containment());
  }

  /** How processes are contained on this host, in words (logged at start). */
  public String containment() {
    StringBuilder text = new StringBuilder();
    text.append(
        launcher == null
            ? "no launcher"
            : "launcher (child subreaper) run by " + launcher.python());
    text.append(
        cgroups == null
            ? "; no cgroup (cgroup v2 off or not writable)"
            : "; a cgroup v2 per process below " + cgroups.parent());
    text.append(
        cgroups != null && cgroups.limitsMemory()
            ? "; memory limits held by the cgroup (memory.max)"
            : "; memory limits watched by polling the process tree's RSS");
    text.append("; sweep of processes marked ").append(MarkedProcesses.VARIABLE);
    return text.toString();
  }

  /** Whether each process gets a cgroup of its own here. */
  public boolean usesCgroups() {
    return cgroups != null;
  }

  /** Whether memory limits are held by cgroups here (else: by polling RSS). */
  public boolean cgroupLimitsMemory() {
    return cgroups != null && cgroups.limitsMemory();
  }

  /** Starts the process described by {@code spec}. */
  public RunningProcess start(ProcessSpec spec) throws IOException {
    List<String> command = spec.command();
    // Resolved here (on the service's PATH, as the JDK does) so that a missing program is still an
    // IOException at start, not an exit code from the launcher.
    Path program =
        ProcessLauncher.Executables.resolve(command.get(0), spec.cwd())
            .orElseThrow(
                () ->
                    new IOException(
                        "Cannot run program \"" + command.get(0) + "\": no such executable file"));
    List<String> resolved = new java.util.ArrayList<>(command);
    resolved.set(0, program.toString());

    String mark = UUID.randomUUID().toString();
    Optional<Path> group = cgroups == null ? Optional.empty() : cgroups.create(mark);
    boolean cgroupLimit =
        spec.memoryLimitMb() > 0
            && group.isPresent()
            && cgroups.limitMemory(group.get(), spec.memoryLimitBytes());
    Containment containment =
        new Containment(mark, cgroups, group.orElse(null), launcher != null, cgroupLimit);
    List<String> argv = launcher == null ? resolved : launcher.wrap(resolved, group.orElse(null));

    ProcessBuilder builder = new ProcessBuilder(argv).directory(spec.cwd().toFile());
    Map<String, String> env = new HashMap<>(spec.env());
    env.put(MarkedProcesses.VARIABLE, mark);
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      containment.finish();
      throw e;
    }
    if (!spec.keepStdin()) {
      process.getOutputStream().close();
    }
    RunningProcess running =
        new RunningProcess(process, spec, start, containment, maxStdoutLineBytes, maxLineBytes);
    live.add(running);
    MemoryWatch.shared().watch(running);
    process
        .onExit()
        .thenRunAsync(
            () -> {
              live.remove(running);
              MemoryWatch.shared().forget(running);
              // Also when nobody awaits it (a cancel or a shutdown): no group, no process left.
              running.finish();
            });
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
    live.forEach(RunningProcess::stop);
    live.clear();
  }

  /**
   * What is left to do for one command once it ended: kill its cgroup, sweep its mark. Idempotent.
   */
  static final class Containment {
    private final String mark;
    private final ProcessCgroups cgroups;
    private final Path group;
    private final boolean launched;
    private final boolean limitsMemory;
    private boolean finished;
    private volatile boolean oomKilled;
    private volatile long peakBytes;

    Containment(
        String mark, ProcessCgroups cgroups, Path group, boolean launched, boolean limitsMemory) {
      this.mark = mark;
      this.cgroups = cgroups;
      this.group = group;
      this.launched = launched;
      this.limitsMemory = limitsMemory;
    }

    /** Whether the process's cgroup holds its memory limit (else {@link MemoryWatch} does). */
    boolean limitsMemory() {
      return limitsMemory;
    }

    /** Whether the kernel stopped the group for memory; known once {@link #finish()} ran. */
    boolean oomKilled() {
      return oomKilled;
    }

    /** The group's peak memory, 0 when unknown; known once {@link #finish()} ran. */
    long peakBytes() {
      return peakBytes;
    }

    /** Whether the process is the launcher (it kills its tree itself on SIGTERM). */
    boolean launched() {
      return launched;
    }

    /** Kills whatever is left of the command; returns how many leftovers the sweep found. */
    synchronized int finish() {
      if (finished) {
        return 0;
      }
      finished = true;
      if (group != null) {
        if (limitsMemory) {
          // Read before the group goes: the counters go with it.
          oomKilled = cgroups.oomKilled(group);
          peakBytes = cgroups.peakBytes(group);
        }
        cgroups.killAndRemove(group);
      }
      return MarkedProcesses.kill(mark);
    }
  }
}
