package dev.taskmill.task.run;

import dev.taskmill.module.worker.WorkerPool;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/**
 * Chooses how a module's job runs: on a warm worker when the module speaks protocol 2 and did not
 * opt out ({@code warm = False}) and warm workers are on ({@code taskmill.workers.enabled}); else
 * in a cold process of its own.
 */
@DefaultBean
@ApplicationScoped
public class InvocationChoice implements ModuleInvocation {

  private final ColdProcessInvocation cold;
  private final WarmWorkerInvocation warm;
  private final WorkerPool workers;

  InvocationChoice(ColdProcessInvocation cold, WarmWorkerInvocation warm, WorkerPool workers) {
    this.cold = cold;
    this.warm = warm;
    this.workers = workers;
  }

  @Override
  public ModuleResult invoke(ModuleJob job, AttemptChannel channel) throws IOException {
    return workers.serves(job.module().workers)
        ? warm.invoke(job, channel)
        : cold.invoke(job, channel);
  }
}
