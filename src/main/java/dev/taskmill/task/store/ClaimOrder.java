package dev.taskmill.task.store;

import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import dev.taskmill.task.model.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.bson.conversions.Bson;

/**
 * The order in which QUEUED tasks are claimed: highest priority first, then users in turn ({@link
 * Task#fairKey}, see {@link FairKeys}), then the longest queued. The claim, the dashboard's planned
 * list and the estimates of when a task starts ({@code task.eta}) all read it from here, so a
 * change of the order changes them together. Each key is a field of {@link Task}; the sort, the
 * index that serves it and the comparison in memory are all derived from the one list of keys.
 */
public final class ClaimOrder {

  /** One sort key: a field, its direction, and how to read it from a task in memory. */
  private record Key(
      String field, boolean descending, Function<Task, ? extends Comparable<?>> value) {}

  private static final List<Key> KEYS =
      List.of(
          new Key("priority", true, t -> t.priority),
          new Key("fairKey", false, t -> t.fairKey),
          new Key("queuedAt", false, t -> t.queuedAt));

  /** The sort a claim and the planned list use. */
  public static final Bson SORT =
      Sorts.orderBy(
          KEYS.stream()
              .map(k -> k.descending() ? Sorts.descending(k.field()) : Sorts.ascending(k.field()))
              .toList());

  /** The fields the order reads (a projection for a read of the queue must keep them). */
  public static final List<String> FIELDS = KEYS.stream().map(Key::field).toList();

  /** The index that serves {@link #SORT} on the QUEUED tasks: status, then the sort's keys. */
  static final Bson INDEX = index();

  /**
   * The same order in memory (a task without a fair key, queued before keys existed, comes first,
   * as the database sorts a missing value first); ties in id order, as the claim takes them.
   */
  public static final Comparator<Task> COMPARATOR = comparator();

  private ClaimOrder() {}

  private static Bson index() {
    List<Bson> keys = new ArrayList<>();
    keys.add(Indexes.ascending("status"));
    for (Key key : KEYS) {
      keys.add(key.descending() ? Indexes.descending(key.field()) : Indexes.ascending(key.field()));
    }
    return Indexes.compoundIndex(keys);
  }

  /** The same order in memory, ties by id: a task that is claimed earlier compares lower. */
  public static Comparator<Task> comparator() {
    Comparator<Task> order = null;
    for (Key key : KEYS) {
      @SuppressWarnings("unchecked")
      Function<Task, Comparable<Object>> value = t -> (Comparable<Object>) key.value().apply(t);
      Comparator<Comparable<Object>> natural =
          key.descending()
              ? Comparator.nullsLast(Comparator.<Comparable<Object>>reverseOrder())
              : Comparator.nullsFirst(Comparator.<Comparable<Object>>naturalOrder());
      Comparator<Task> next = Comparator.comparing(value, natural);
      order = order == null ? next : order.thenComparing(next);
    }
    return order.thenComparing(t -> t.id, Comparator.nullsLast(Comparator.naturalOrder()));
  }
}
