package dev.taskmill.task.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The tasks waiting for and holding a worker slot, grouped by module, label set (a task's {@code
 * needs}) and owner: what a pool of workers that offers those labels has to do, so what it scales
 * on, and whose tasks they are, so what a user's queue chart shows. One read serves both.
 */
public record Backlog(List<Group> groups) {

  /** Nothing queued, nothing running. */
  public static final Backlog EMPTY = new Backlog(List.of());

  public Backlog {
    groups = List.copyOf(groups);
  }

  /**
   * The QUEUED and RUNNING tasks of {@code owner} of one {@code module} whose needs are {@code
   * labels}; {@code oldestQueuedAt}: when the longest-waiting QUEUED one was queued, null when none
   * is.
   */
  public record Group(
      String module,
      String labels,
      String owner,
      long queued,
      long running,
      Instant oldestQueuedAt) {}

  /**
   * A label set as one text: the labels sorted and joined by commas, "" for none, so the same needs
   * in another order are the same pool.
   */
  public static String labelsOf(Collection<String> needs) {
    return needs == null ? "" : String.join(",", new TreeSet<>(needs));
  }

  /** Builds a {@link Backlog} from tasks one at a time (one pass over what the store returns). */
  static final class Counter {

    private record Key(String module, String labels, String owner) {}

    private static final class Sums {
      long queued;
      long running;
      Instant oldest;
    }

    private final Map<Key, Sums> sums = new HashMap<>();

    void queued(String module, Collection<String> needs, String owner, Instant queuedAt) {
      Sums s = sums.computeIfAbsent(new Key(module, labelsOf(needs), owner), k -> new Sums());
      s.queued++;
      if (queuedAt != null && (s.oldest == null || queuedAt.isBefore(s.oldest))) {
        s.oldest = queuedAt;
      }
    }

    void running(String module, Collection<String> needs, String owner) {
      sums.computeIfAbsent(new Key(module, labelsOf(needs), owner), k -> new Sums()).running++;
    }

    Backlog backlog() {
      List<Group> groups = new ArrayList<>();
      sums.forEach(
          (key, s) ->
              groups.add(
                  new Group(
                      key.module(), key.labels(), key.owner(), s.queued, s.running, s.oldest)));
      return new Backlog(groups);
    }
  }
}
