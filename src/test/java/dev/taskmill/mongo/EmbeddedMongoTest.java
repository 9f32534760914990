package dev.taskmill.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server with the real MongoDB driver: persistence and conditional updates. */
class EmbeddedMongoTest {

  @TempDir Path dir;

  private static MongoCollection<Document> things(MongoClient client) {
    return client.getDatabase("t").getCollection("things");
  }

  @Test
  void dataInTheFileSurvivesARestart() {
    String file = dir.resolve("data/db.mv").toString();
    try (EmbeddedMongo server = EmbeddedMongo.start(file, 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      things(client).insertOne(new Document("_id", "a").append("status", "DETECTED"));
    }
    try (EmbeddedMongo server = EmbeddedMongo.start(file, 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      Document found = things(client).find(Filters.eq("_id", "a")).first();
      assertThat(found).isNotNull();
      assertThat(found.getString("status")).isEqualTo("DETECTED");
    }
  }

  /**
   * The keys per page are not stored in the file: a file written with H2's default pages (every
   * file before {@link DurableH2Backend#KEYS_PER_PAGE}) opens whole with the smaller ones, and the
   * file written with them opens whole with the default again (a downgrade).
   */
  @Test
  void aFileOpensWholeWhateverPageSizeWroteIt() {
    String file = dir.resolve("pages.mv").toString();
    try (EmbeddedMongo server = EmbeddedMongo.serve(DurableH2Backend.over(MVStore.open(file)), 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      things(client).insertMany(numbered(0, 500));
    }
    try (EmbeddedMongo server = EmbeddedMongo.start(file, 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      assertThat(things(client).countDocuments()).isEqualTo(500);
      things(client).insertMany(numbered(500, 1000));
      things(client).deleteMany(Filters.lt("n", 100));
    }
    try (EmbeddedMongo server = EmbeddedMongo.serve(DurableH2Backend.over(MVStore.open(file)), 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      List<Integer> numbers = new ArrayList<>();
      things(client).find().forEach(doc -> numbers.add(doc.getInteger("n")));
      assertThat(numbers).hasSize(900).doesNotHaveDuplicates().allMatch(n -> n >= 100 && n < 1000);
      assertThat(things(client).find(Filters.eq("_id", "t0777")).first().getInteger("n"))
          .isEqualTo(777);
    }
  }

  private static List<Document> numbered(int from, int to) {
    List<Document> documents = new ArrayList<>();
    for (int n = from; n < to; n++) {
      documents.add(new Document("_id", String.format("t%04d", n)).append("n", n));
    }
    return documents;
  }

  /**
   * A crash keeps exactly what is in the file when the process dies (kill -9 loses the process, not
   * the page cache). Copying the file while the server still runs, right after the writes were
   * answered, and opening the copy is that crash: every answered write must be in it. Stock H2
   * writes about once a second in the background, so the copy missed them.
   */
  @Test
  void everyAnsweredWriteIsInTheFileBeforeTheAnswer() throws Exception {
    Path file = dir.resolve("live/db.mv");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (EmbeddedMongo server = EmbeddedMongo.start(file.toString(), 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> things = things(client);
      for (int round = 0; round < 3; round++) {
        int base = round * 100;
        List<Callable<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          String id = "t" + (base + i);
          writes.add(
              () -> {
                things.insertOne(new Document("_id", id).append("status", "PENDING"));
                things.updateOne(Filters.eq("_id", id), Updates.set("status", "AVAILABLE"));
                return null;
              });
        }
        for (Future<Void> write : pool.invokeAll(writes)) {
          write.get();
        }
        things.insertOne(new Document("_id", "last" + round));

        Path crashed = dir.resolve("crash-" + round + ".mv");
        Files.copy(file, crashed);
        try (EmbeddedMongo reopened = EmbeddedMongo.start(crashed.toString(), 0);
            MongoClient reader = MongoClients.create(reopened.connectionString())) {
          MongoCollection<Document> seen = things(reader);
          assertThat(seen.find(Filters.eq("_id", "last" + round)).first())
              .as("the last answered insert of round %d", round)
              .isNotNull();
          assertThat(seen.countDocuments(Filters.eq("status", "AVAILABLE")))
              .as("answered updates of rounds up to %d", round)
              .isEqualTo(40L * (round + 1));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A write sent with {@code j: false} is answered without a commit of its own; the next awaited
   * write's commit takes it to the disk, so a crash after that answer keeps both.
   */
  @Test
  void aDeferredWriteWaitsForNoDiskAndTheNextAwaitedWriteTakesItAlong() throws Exception {
    Path file = dir.resolve("deferred/db.mv");
    try (EmbeddedMongo server = EmbeddedMongo.start(file.toString(), 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> things = things(client);
      things.insertOne(new Document("_id", "first"));
      long syncs = server.syncs();

      Journal.DEFERRED.on(things).insertOne(new Document("_id", "deferred"));
      assertThat(server.syncs()).as("syncs after the deferred insert").isEqualTo(syncs);
      Journal.AWAITED.on(things).insertOne(new Document("_id", "awaited"));
      assertThat(server.syncs()).as("syncs after the awaited insert").isEqualTo(syncs + 1);

      Path crashed = dir.resolve("crash.mv");
      Files.copy(file, crashed);
      try (EmbeddedMongo reopened = EmbeddedMongo.start(crashed.toString(), 0);
          MongoClient reader = MongoClients.create(reopened.connectionString())) {
        assertThat(things(reader).find(Filters.in("_id", "deferred", "awaited")))
            .extracting(found -> found.getString("_id"))
            .containsExactlyInAnyOrder("deferred", "awaited");
      }
    }
  }

  /**
   * A write that matched nothing, or changed nothing, has nothing to put on disk and waits for no
   * fsync (an idle instance's heartbeat and lease checks are such writes). One that changed data
   * still gets its own, and is in the file when it is answered. Without the background writer, so
   * nothing but these writes moves the store.
   */
  @Test
  void aWriteThatChangesNothingSkipsTheFsync() throws Exception {
    Path file = dir.resolve("nothing/db.mv");
    Files.createDirectories(file.getParent());
    try (EmbeddedMongo server = EmbeddedMongo.serve(withoutBackgroundWriter(file), 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> things = things(client);
      things.insertOne(new Document("_id", "a").append("status", "PENDING"));
      long syncs = server.syncs();

      things.updateOne(Filters.eq("_id", "missing"), Updates.set("status", "AVAILABLE"));
      things.deleteMany(Filters.eq("status", "GONE"));
      assertThat(server.syncs()).as("syncs after writes that matched nothing").isEqualTo(syncs);

      things.updateOne(Filters.eq("_id", "a"), Updates.set("status", "AVAILABLE"));
      assertThat(server.syncs()).as("syncs after a write that changed data").isEqualTo(syncs + 1);
      things.deleteMany(Filters.eq("status", "GONE"));
      assertThat(server.syncs())
          .as("syncs after one more that matched nothing")
          .isEqualTo(syncs + 1);

      Path crashed = dir.resolve("crash-nothing.mv");
      Files.copy(file, crashed);
      try (EmbeddedMongo reopened = EmbeddedMongo.start(crashed.toString(), 0);
          MongoClient reader = MongoClients.create(reopened.connectionString())) {
        Document found = things(reader).find(Filters.eq("_id", "a")).first();
        assertThat(found).isNotNull();
        assertThat(found.getString("status")).isEqualTo("AVAILABLE");
      }
    }
  }

  /**
   * An awaited write that changes nothing itself still takes the deferred writes before it to the
   * disk: what counts is whether anything was written since the last fsync, not this write.
   */
  @Test
  void anAwaitedWriteThatChangesNothingStillSyncsTheDeferredOnesBeforeIt() throws Exception {
    Path file = dir.resolve("deferred-nothing/db.mv");
    Files.createDirectories(file.getParent());
    try (EmbeddedMongo server = EmbeddedMongo.serve(withoutBackgroundWriter(file), 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> things = things(client);
      things.insertOne(new Document("_id", "first"));
      long syncs = server.syncs();

      Journal.DEFERRED.on(things).insertOne(new Document("_id", "deferred"));
      Journal.AWAITED
          .on(things)
          .updateOne(Filters.eq("_id", "missing"), Updates.set("status", "AVAILABLE"));
      assertThat(server.syncs()).as("syncs after the awaited no-op").isEqualTo(syncs + 1);

      Path crashed = dir.resolve("crash-deferred-nothing.mv");
      Files.copy(file, crashed);
      try (EmbeddedMongo reopened = EmbeddedMongo.start(crashed.toString(), 0);
          MongoClient reader = MongoClients.create(reopened.connectionString())) {
        assertThat(things(reader).find(Filters.eq("_id", "deferred")).first()).isNotNull();
      }
    }
  }

  /** A durable backend whose store only the writes commit (H2's background writer is off). */
  private static DurableH2Backend withoutBackgroundWriter(Path file) {
    return DurableH2Backend.over(
        new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open());
  }

  @Test
  void onlyAnExplicitJournalFalseSkipsTheWait() {
    de.bwaldvogel.mongo.bson.Document insert = new de.bwaldvogel.mongo.bson.Document();
    assertThat(Journal.awaited(insert)).isTrue();
    insert.put("writeConcern", new de.bwaldvogel.mongo.bson.Document("w", 1));
    assertThat(Journal.awaited(insert)).isTrue();
    insert.put("writeConcern", new de.bwaldvogel.mongo.bson.Document("j", true));
    assertThat(Journal.awaited(insert)).isTrue();
    insert.put("writeConcern", new de.bwaldvogel.mongo.bson.Document("j", false));
    assertThat(Journal.awaited(insert)).isFalse();
  }

  @Test
  void onlyCommandsThatCanChangeDataWaitForTheDisk() {
    de.bwaldvogel.mongo.bson.Document none = new de.bwaldvogel.mongo.bson.Document();
    assertThat(DurableH2Backend.mayWrite("insert", none)).isTrue();
    assertThat(DurableH2Backend.mayWrite("findAndModify", none)).isTrue();
    assertThat(DurableH2Backend.mayWrite("createIndexes", none)).isTrue();
    assertThat(DurableH2Backend.mayWrite("someFutureCommand", none)).isTrue();
    assertThat(DurableH2Backend.mayWrite("find", none)).isFalse();
    assertThat(DurableH2Backend.mayWrite("getMore", none)).isFalse();
    assertThat(DurableH2Backend.mayWrite("hello", none)).isFalse();
    de.bwaldvogel.mongo.bson.Document reads = new de.bwaldvogel.mongo.bson.Document();
    reads.put("pipeline", List.of(new de.bwaldvogel.mongo.bson.Document("$match", none)));
    assertThat(DurableH2Backend.mayWrite("aggregate", reads)).isFalse();
    de.bwaldvogel.mongo.bson.Document out = new de.bwaldvogel.mongo.bson.Document();
    out.put("pipeline", List.of(new de.bwaldvogel.mongo.bson.Document("$out", "copy")));
    assertThat(DurableH2Backend.mayWrite("aggregate", out)).isTrue();
  }

  @Test
  void inMemoryStartsEmptyAndListensOnLoopback() {
    try (EmbeddedMongo server = EmbeddedMongo.start("memory", 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      assertThat(server.connectionString()).startsWith("mongodb://127.0.0.1:");
      assertThat(things(client).countDocuments()).isZero();
    }
  }

  @Test
  void aConditionalUpdateHasExactlyOneWinner() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (EmbeddedMongo server = EmbeddedMongo.start("memory", 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> things = things(client);
      for (int round = 0; round < 20; round++) {
        String id = "m" + round;
        things.insertOne(new Document("_id", id).append("status", "DETECTED"));
        List<Callable<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          String owner = "w" + i;
          claims.add(
              () ->
                  things.findOneAndUpdate(
                          Filters.and(Filters.eq("_id", id), Filters.eq("status", "DETECTED")),
                          Updates.combine(
                              Updates.set("status", "INSTALLING"), Updates.set("owner", owner)))
                      != null);
        }
        int winners = 0;
        for (Future<Boolean> claim : pool.invokeAll(claims)) {
          winners += claim.get() ? 1 : 0;
        }
        assertThat(winners).as("round %d", round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void pointsAtEmbeddedOnlyForTheLoopbackDefault() {
    assertThat(EmbeddedMongoStarter.pointsAtEmbedded("mongodb://127.0.0.1:27027", 27027)).isTrue();
    assertThat(EmbeddedMongoStarter.pointsAtEmbedded("mongodb://127.0.0.1:27027/?x=1", 27027))
        .isTrue();
    assertThat(EmbeddedMongoStarter.pointsAtEmbedded("mongodb://127.0.0.1:270270", 27027))
        .isFalse();
    assertThat(EmbeddedMongoStarter.pointsAtEmbedded("mongodb://db.example:27017", 27027))
        .isFalse();
  }
}
