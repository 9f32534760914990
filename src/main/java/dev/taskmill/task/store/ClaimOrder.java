package dev.taskmill.task.store;

import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import dev.taskmill.task.model.Task;
import java.time.Instant;
import java.util.Comparator;
import org.bson.conversions.Bson;

/**
 * The order QUEUED tasks are claimed in, defined once: highest priority first, then users in turn
 * ({@link Task#fairKey}, see {@link FairKeys}), then the longest queued. The claim, the planned
 * list and whoever estimates "the queue ahead of a task" use this, so they cannot disagree.
 */
public final class ClaimOrder {

  /** The sort of the claim's {@code findOneAndUpdate} and of every list in claim order. */
  public static final Bson SORT =
      Sorts.orderBy(
          Sorts.descending("priority"), Sorts.ascending("fairKey"), Sorts.ascending("queuedAt"));

  /**
   * The same order in memory (a task without a fair key, queued before keys existed, comes first,
   * as the database sorts a missing value first); ties in id order, as the claim takes them.
   */
  public static final Comparator<Task> COMPARATOR =
      Comparator.comparingInt((Task t) -> -t.priority)
          .thenComparing(t -> t.fairKey, Comparator.nullsFirst(Comparator.<Long>naturalOrder()))
          .thenComparing(t -> t.queuedAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
          .thenComparing(t -> t.id);

  /** The index that serves {@link #SORT} on the QUEUED tasks (status, then the sort's keys). */
  static final Bson INDEX =
      Indexes.compoundIndex(
          Indexes.ascending("status"),
          Indexes.descending("priority"),
          Indexes.ascending("fairKey"),
          Indexes.ascending("queuedAt"));

  private ClaimOrder() {}
}
