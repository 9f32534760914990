package dev.taskmill.task.run;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.module.Module;
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
  private final TaskmillConfig config;

  InvocationChoice(ColdProcessInvocation cold, WarmWorkerInvocation warm, TaskmillConfig config) {
    this.cold = cold;
    this.warm = warm;
    this.config = config;
  }

  @Override
  public ModuleResult invoke(ModuleJob job, AttemptChannel channel) throws IOException {
    return servedWarm(job.module()) ? warm.invoke(job, channel) : cold.invoke(job, channel);
  }

  private boolean servedWarm(Module module) {
    return config.workers().enabled() && module.workers != null && module.workers.warm;
  }
}
