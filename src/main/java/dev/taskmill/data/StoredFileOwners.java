package dev.taskmill.data;

import java.util.Collection;
import java.util.Set;

/**
 * Something besides data items and tasks that keeps files in the file store (the module bundles):
 * the orphan sweep leaves the files it owns alone.
 */
public interface StoredFileOwners {

  /** Of {@code storageKeys}, those this owner refers to. */
  Set<String> owned(Collection<String> storageKeys);
}
