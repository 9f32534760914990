package dev.taskmill.data;

import java.util.Collection;
import java.util.Set;

/**
 * Stored files that wait for a commit no item refers to yet (a remote worker's uploaded outputs,
 * until it reports): the orphan sweep keeps them, whatever their age. Answered by the side that
 * stages them, so data/ does not read its records.
 */
public interface StagedFiles {

  /** Of {@code storageKeys}, those staged for a commit not yet made. */
  Set<String> staged(Collection<String> storageKeys);
}
