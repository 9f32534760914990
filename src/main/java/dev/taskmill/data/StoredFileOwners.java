package dev.taskmill.data;

import java.util.Collection;
import java.util.Set;

/**
 * Something besides data items and tasks that keeps files in the file store (the module bundles, a
 * remote worker's uploads staged until it reports): the orphan sweep leaves the files it owns
 * alone, whatever their age. Answered by the owner, so data/ does not read its records.
 */
public interface StoredFileOwners {

  /** Of {@code storageKeys}, those this owner refers to. */
  Set<String> owned(Collection<String> storageKeys);
}
