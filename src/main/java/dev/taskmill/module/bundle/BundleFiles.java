package dev.taskmill.module.bundle;

import dev.taskmill.data.StoredFileOwners;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** The bundles' zips in the file store: not orphans for the store's sweep. */
@ApplicationScoped
class BundleFiles implements StoredFileOwners {

  @Override
  public Set<String> owned(Collection<String> storageKeys) {
    Set<String> owned = new HashSet<>();
    Bundle.<Bundle>find("storageKey in ?1", storageKeys).stream()
        .forEach(bundle -> owned.add(bundle.storageKey));
    return owned;
  }
}
