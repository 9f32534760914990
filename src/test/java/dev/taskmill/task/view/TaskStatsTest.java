package dev.taskmill.task.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.LongStream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * Module run statistics are written once a second, not per run: this instance reads every run at
 * once, the database holds them after the write, and nothing is counted twice.
 */
@QuarkusTest
class TaskStatsTest {

  @Inject TaskStats stats;
  @Inject MongoDatabase database;

  @Test
  void runsAreReadAtOnceAndWrittenOnceEach() {
    String module = "stats-" + new ObjectId().toHexString();
    stats.recordRun(module, true, 30);
    stats.recordRun(module, true, 10);
    stats.recordRun(module, false, 500);

    TaskStats.ModuleRuns before = runsOf(module);
    assertThat(before.runs()).isEqualTo(3);
    assertThat(before.succeeded()).isEqualTo(2);
    assertThat(before.failed()).isEqualTo(1);
    assertThat(before.meanMillis()).isEqualTo(20.0);

    stats.writeRuns();
    Document stored =
        database.getCollection("module_stats").find(Filters.eq("_id", module)).first();
    assertThat(stored).isNotNull();
    assertThat(stored.get("runs", Number.class).longValue()).isEqualTo(3);
    assertThat(stored.get("succeeded", Number.class).longValue()).isEqualTo(2);
    assertThat(stored.get("failed", Number.class).longValue()).isEqualTo(1);
    assertThat(stored.get("totalMillis", Number.class).longValue()).isEqualTo(40);
    assertThat(runsOf(module)).isEqualTo(before);

    stats.recordRun(module, true, 60);
    stats.writeRuns();
    stats.writeRuns();
    TaskStats.ModuleRuns after = runsOf(module);
    assertThat(after.runs()).isEqualTo(4);
    assertThat(after.meanMillis()).isEqualTo(100.0 / 3);
  }

  @Test
  void theLatestTwentySucceededRunTimesAreKeptAcrossWrites() {
    String module = "recent-" + new ObjectId().toHexString();
    for (long millis = 1; millis <= 15; millis++) {
      stats.recordRun(module, true, millis);
    }
    stats.recordRun(module, false, 999);
    stats.writeRuns();
    for (long millis = 16; millis <= 25; millis++) {
      stats.recordRun(module, true, millis);
    }
    // Before the second write: the stored 15 and the pending 10, the oldest five dropped.
    List<Long> expected = LongStream.rangeClosed(6, 25).boxed().toList();
    assertThat(runsOf(module).recentMillis()).isEqualTo(expected);

    stats.writeRuns();
    Document stored =
        database.getCollection("module_stats").find(Filters.eq("_id", module)).first();
    assertThat(stored.getList("recentMillis", Number.class).stream().map(Number::longValue))
        .containsExactlyElementsOf(expected);
    assertThat(runsOf(module).recentMillis()).isEqualTo(expected);
  }

  private TaskStats.ModuleRuns runsOf(String module) {
    return stats.moduleRuns().stream()
        .filter(r -> r.module().equals(module))
        .findFirst()
        .orElseThrow();
  }
}
