package dev.taskmill.task.run;

import java.io.IOException;

/**
 * How a module is run for one attempt. The runner prepares the job and settles what comes back; it
 * does not know how the module ran. The first way is a cold subprocess per attempt ({@link
 * ColdProcessInvocation}); warm workers and workers on other machines go behind the same seam.
 *
 * <p>An invocation reports the module's log and progress to the {@link AttemptChannel}, and
 * registers there how to stop the run (a client's cancel, a shutdown's hand-back). It maps how the
 * module ended to a {@link ModuleResult}: the outputs, or the attempt's end (failed, timed out,
 * cancelled, lost).
 */
public interface ModuleInvocation {

  /**
   * Runs {@code job} and waits for its end.
   *
   * @throws IOException when the module could not be started at all (the runner's failure)
   */
  ModuleResult invoke(ModuleJob job, AttemptChannel channel) throws IOException;
}
