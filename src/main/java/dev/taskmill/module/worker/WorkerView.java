package dev.taskmill.module.worker;

import java.time.Instant;

/**
 * A warm worker as an operator sees it.
 *
 * @param pid the module's process (what {@code os.getpid()} says in it), -1 while it starts
 * @param rssBytes resident memory of the worker's process tree, null where the host cannot say
 */
public record WorkerView(long pid, String state, int jobsServed, Instant started, Long rssBytes) {

  static WorkerView of(WarmWorker worker) {
    return new WorkerView(
        worker.modulePid(),
        worker.state().name(),
        worker.jobsServed(),
        worker.started(),
        rss(worker.rssBytes()));
  }

  private static Long rss(long bytes) {
    return bytes > 0 ? bytes : null;
  }
}
