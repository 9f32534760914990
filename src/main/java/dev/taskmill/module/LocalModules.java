package dev.taskmill.module;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which AVAILABLE modules this instance cannot run yet: their environment (the record's key) is not
 * complete here. An instance keeps away from their tasks, which stay queued for the instances that
 * have it. This happens in a rolling update (an old worker next to a new module version), or when
 * workers do not share the environment cache and this one has not set the module up yet.
 */
@ApplicationScoped
public class LocalModules {

  /** How long an answer is reused: the claim loop asks often, modules change rarely. */
  private static final long TTL_NANOS = 1_000_000_000L;

  private final ModuleRepository repository;
  private final VirtualEnvs venvs;

  /** The last answer and when it was computed (System.nanoTime), or null when none is valid. */
  private volatile Answer cached;

  private record Answer(Set<String> names, long at) {}

  LocalModules(ModuleRepository repository, VirtualEnvs venvs) {
    this.repository = repository;
    this.venvs = venvs;
  }

  /** Names of AVAILABLE modules whose environment is not complete on this instance. */
  public Set<String> availableButNotReadyHere() {
    long now = System.nanoTime();
    Answer answer = cached;
    if (answer != null && now - answer.at() < TTL_NANOS) {
      return answer.names();
    }
    Set<String> missing = new TreeSet<>();
    for (Module module : repository.listAll()) {
      if (module.status == ModuleStatus.AVAILABLE
          && (module.envKey == null || !venvs.isReady(module.name, module.envKey))) {
        missing.add(module.name);
      }
    }
    cached = new Answer(Set.copyOf(missing), now);
    return cached.names();
  }

  /** Forgets the cached answer (a module changed here). */
  public void refresh() {
    cached = null;
  }
}
