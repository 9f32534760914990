package dev.taskmill.task.run;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.instance.InstanceIdentity;
import dev.taskmill.instance.Workload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/**
 * The one place {@code taskmill.role} decides whether this instance runs tasks: {@code worker} and
 * {@code all} dispatch them, {@code api} has no workload (the dispatcher is never created).
 */
@ApplicationScoped
class WorkloadChoice {

  private static final Logger LOG = Logger.getLogger(WorkloadChoice.class);

  @Produces
  @ApplicationScoped
  Workload workload(
      TaskmillConfig config, InstanceIdentity instance, Instance<TaskDispatcher> dispatcher) {
    if (config.role().runsTasks()) {
      return dispatcher.get();
    }
    LOG.infof("instance %s has role %s: it claims no tasks", instance.id(), config.role());
    return Workload.NONE;
  }
}
