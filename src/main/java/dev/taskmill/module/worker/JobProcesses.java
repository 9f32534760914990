package dev.taskmill.module.worker;

import dev.taskmill.process.RunningProcess;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The processes below a worker, seen from one job to the next: what a job started and left running
 * (a child, a daemon that double-forked away: the worker's launcher is their subreaper, so they
 * stay below it) is killed when the job ends, as a cold process's end would kill it; what was there
 * before the job (a helper the module started in load()) stays.
 */
final class JobProcesses {

  private final RunningProcess root;
  private Set<ProcessHandle> residents;

  /**
   * @param root the process the service started for the worker (its launcher)
   */
  JobProcesses(RunningProcess root) {
    this.root = root;
  }

  /**
   * A job starts. Before the first one, what runs (the module and what its load() started) is taken
   * as the worker's; later ones find the same set, since every job's strays were killed at its end,
   * so the process table is walked once per job (at its end), not twice.
   */
  synchronized void jobStarts() {
    if (residents == null) {
      residents = below().collect(Collectors.toSet());
    }
  }

  /**
   * The job ended: kills what it started.
   *
   * @return how many processes were killed
   */
  synchronized int killStrays() {
    if (residents == null) {
      return 0;
    }
    List<ProcessHandle> strays = below().filter(p -> !residents.contains(p)).toList();
    strays.forEach(ProcessHandle::destroyForcibly);
    return strays.size();
  }

  private Stream<ProcessHandle> below() {
    return root.descendants().stream();
  }
}
