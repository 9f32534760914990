package dev.taskmill.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Counts by index prefix follow every write, and fall back to walking the entries when too many.
 */
class PrefixCountsTest {

  private static OrderedIndex statusIndex() {
    OrderedIndex index =
        new OrderedIndex(
            "status_1__id_-1",
            List.of(new IndexKey("status", true), new IndexKey("_id", false)),
            false);
    index.markBuilt();
    return index;
  }

  private static Document task(String id, Object status) {
    return new Document("_id", id).append("status", status);
  }

  @Test
  void countsFollowInsertsUpdatesAndDeletes() {
    OrderedIndex index = statusIndex();
    for (int i = 0; i < 30; i++) {
      index.add(task("t" + i, i % 3 == 0 ? "FAILED" : "SUCCEEDED"), "t" + i, null);
    }
    assertThat(index.countPrefix(new Object[] {"SUCCEEDED"})).isEqualTo(20);
    assertThat(index.countPrefix(new Object[] {"FAILED"})).isEqualTo(10);
    assertThat(index.countPrefix(new Object[] {"QUEUED"})).isZero();

    index.updateInPlace(task("t1", "SUCCEEDED"), task("t1", "QUEUED"), "t1", null);
    index.remove(task("t3", "FAILED"));
    index.add(task("t99", 1), "t99", null);
    index.add(task("t98", 1.0), "t98", null); // one value to the index, as to the server

    assertThat(index.countPrefix(new Object[] {"SUCCEEDED"})).isEqualTo(19);
    assertThat(index.countPrefix(new Object[] {"QUEUED"})).isEqualTo(1);
    assertThat(index.countPrefix(new Object[] {"FAILED"})).isEqualTo(9);
    assertThat(index.countPrefix(new Object[] {1L})).isEqualTo(2);
    assertThat(index.countPrefix(new Object[0])).isEqualTo(31);
  }

  @Test
  void tooManyDistinctPrefixesAreCountedByWalkingTheEntries() {
    OrderedIndex index = statusIndex();
    int documents = PrefixCounts.LIMIT + 5;
    for (int i = 0; i < documents; i++) {
      index.add(task("t" + i, "s" + i), "t" + i, null);
    }
    index.add(task("x", "s7"), "x", null);
    assertThat(index.countPrefix(new Object[] {"s7"})).isEqualTo(2);
    index.remove(task("x", "s7"));
    assertThat(index.countPrefix(new Object[] {"s7"})).isEqualTo(1);
    // Both keys fixed: the prefix reaches the id, one counter per entry would be kept.
    assertThat(index.countPrefix(new Object[] {"s8", "t8"})).isEqualTo(1);
  }
}
