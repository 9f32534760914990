package dev.taskmill.data;

import java.util.Collection;
import java.util.Set;

/**
 * What data/ needs to know about tasks, answered by the task side: data/ does not read the tasks'
 * storage itself, so the task store may change shape without data/ noticing.
 */
public interface TaskReferences {

  /** Of {@code taskIds}, those whose task has not finished: it still reads or writes its data. */
  Set<String> unfinished(Collection<String> taskIds);

  /** Of {@code storageKeys}, those a task's committed publication refers to. */
  Set<String> published(Collection<String> storageKeys);
}
