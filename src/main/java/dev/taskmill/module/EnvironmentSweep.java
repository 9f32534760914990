package dev.taskmill.module;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Deletes cached environments that no module of this database uses any more and that nobody ran in
 * since a cutoff: those of changed or reinstalled modules. Instances (or test runs) that share the
 * cache folder keep theirs by using them.
 */
@ApplicationScoped
public class EnvironmentSweep {

  private static final Logger LOG = Logger.getLogger(EnvironmentSweep.class);

  private final ModuleRepository repository;
  private final VirtualEnvs venvs;

  EnvironmentSweep(ModuleRepository repository, VirtualEnvs venvs) {
    this.repository = repository;
    this.venvs = venvs;
  }

  /** The sweep with an explicit cutoff; returns the deleted environment folders. */
  public List<String> sweep(Instant cutoff) {
    Set<String> keep = new HashSet<>();
    for (Module module : repository.listAll()) {
      if (module.envKey != null) {
        keep.add(module.name + "-" + module.envKey);
      }
    }
    List<String> deleted = venvs.sweep(keep, cutoff);
    if (!deleted.isEmpty()) {
      LOG.infof("deleted %d unused module environments: %s", deleted.size(), deleted);
    }
    return deleted;
  }
}
