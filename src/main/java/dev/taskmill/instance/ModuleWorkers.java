package dev.taskmill.instance;

import java.time.Instant;
import java.util.List;

/**
 * The module worker processes an instance keeps warm. Its heartbeat stores them with the instance,
 * so that any instance (an {@code api} one, which runs none) can show every instance's workers.
 */
public interface ModuleWorkers {

  /**
   * One worker process of a module, as an operator sees it.
   *
   * @param pid the module's process (what {@code os.getpid()} says in it), -1 while it starts
   * @param rssBytes resident memory of the worker's process tree, null where the host cannot say
   */
  record Worker(
      String module, long pid, String state, int jobsServed, Instant started, Long rssBytes) {}

  /** The workers alive on this instance now, oldest first. */
  List<Worker> all();
}
