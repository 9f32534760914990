package dev.taskmill.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same documents in a collection with secondary indexes and in one without: every query gives
 * the same answer, and the indexed one loads only the documents it needs.
 */
class SecondaryIndexTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String[] STATUSES = {"QUEUED", "RUNNING", "SUCCEEDED", "FAILED"};

  private EmbeddedMongo server;
  private MongoClient client;
  private MongoCollection<Document> plain;
  private MongoCollection<Document> indexed;

  @BeforeEach
  void start() {
    server = EmbeddedMongo.start("memory", 0);
    client = MongoClients.create(server.connectionString());
    MongoDatabase db = client.getDatabase("t");
    plain = db.getCollection("plain");
    indexed = db.getCollection("indexed");
    createTaskIndexes(indexed);
    List<Document> docs = tasks(400);
    plain.insertMany(copies(docs));
    indexed.insertMany(copies(docs));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  static void createTaskIndexes(MongoCollection<Document> tasks) {
    tasks.createIndex(
        Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("createdAt")));
    tasks.createIndex(Indexes.descending("createdAt"));
    tasks.createIndex(Indexes.ascending("owner", "status"));
    tasks.createIndex(
        Indexes.compoundIndex(
            Indexes.ascending("status"),
            Indexes.descending("priority"),
            Indexes.ascending("queuedAt")));
    tasks.createIndex(Indexes.ascending("status", "notBefore"));
  }

  /** Task-like documents: some fields null or missing, one array field, unique creation times. */
  private static List<Document> tasks(int count) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Document doc = new Document("_id", String.format("t%04d", i));
      if (i % 13 != 0) {
        doc.append("status", STATUSES[i % STATUSES.length]);
      } else if (i % 2 == 0) {
        doc.append("status", null);
      }
      if (i % 7 != 0) {
        doc.append("owner", "o" + (i % 3));
      }
      doc.append("priority", i % 5 == 0 ? null : i % 3);
      doc.append("createdAt", Date.from(T0.plusSeconds(i * 37L % 1000 * 1000 + i)));
      doc.append("queuedAt", Date.from(T0.plusSeconds(i % 50)));
      if (i % 4 == 1) {
        doc.append("notBefore", Date.from(T0.plusSeconds(i % 8 * 100)));
      } else if (i % 4 == 2) {
        doc.append("notBefore", null);
      }
      doc.append("tags", List.of("a" + (i % 2), "b"));
      docs.add(doc);
    }
    return docs;
  }

  private static List<Document> copies(List<Document> docs) {
    List<Document> copies = new ArrayList<>();
    docs.forEach(doc -> copies.add(Document.parse(doc.toJson())));
    return copies;
  }

  private record Query(Bson filter, Bson sort, int skip, int limit) {}

  private static List<Query> queries() {
    Date t400 = Date.from(T0.plusSeconds(400));
    Bson claimable =
        Filters.and(
            Filters.eq("status", "QUEUED"),
            Filters.or(Filters.eq("notBefore", null), Filters.lte("notBefore", t400)));
    Bson byCreated = Sorts.descending("createdAt");
    Bson byPriority =
        Sorts.orderBy(Sorts.descending("priority"), Sorts.ascending("queuedAt", "_id"));
    return List.of(
        new Query(Filters.eq("status", "QUEUED"), byCreated, 0, 20),
        new Query(Filters.eq("status", "QUEUED"), byCreated, 15, 10),
        new Query(Filters.eq("status", "FAILED"), Sorts.ascending("createdAt"), 0, 0),
        new Query(new Document(), byCreated, 0, 20),
        new Query(new Document(), Sorts.ascending("createdAt"), 390, 20),
        new Query(
            Filters.and(Filters.eq("owner", "o1"), Filters.eq("status", "RUNNING")), null, 0, 0),
        new Query(Filters.in("status", "QUEUED", "RUNNING"), byCreated, 0, 30),
        new Query(Filters.eq("status", null), byCreated, 0, 0),
        new Query(Filters.exists("status", false), byCreated, 0, 0),
        new Query(claimable, byPriority, 0, 1),
        new Query(claimable, byPriority, 0, 0),
        new Query(Filters.eq("status", "QUEUED"), byPriority, 0, 0),
        new Query(
            Filters.and(Filters.eq("status", "QUEUED"), Filters.gt("notBefore", t400)),
            byPriority,
            0,
            0),
        new Query(Filters.lt("createdAt", Date.from(T0.plusSeconds(200_000))), byCreated, 0, 0),
        new Query(
            Filters.and(Filters.eq("status", "QUEUED"), Filters.lte("notBefore", t400)),
            null,
            0,
            0),
        new Query(
            Filters.and(Filters.eq("status", "RUNNING"), Filters.lt("notBefore", t400)),
            byCreated,
            0,
            3),
        new Query(
            Filters.and(
                Filters.gte("createdAt", Date.from(T0.plusSeconds(100_000))),
                Filters.lt("createdAt", Date.from(T0.plusSeconds(300_000)))),
            Sorts.ascending("createdAt"),
            0,
            5),
        new Query(
            Filters.eq("status", "SUCCEEDED"),
            Sorts.orderBy(byCreated, Sorts.descending("_id")),
            0,
            7),
        new Query(Filters.eq("tags", "a1"), byCreated, 0, 10),
        new Query(Filters.eq("owner", "o2"), Sorts.ascending("_id"), 0, 0),
        new Query(Filters.ne("status", "QUEUED"), byCreated, 0, 25),
        new Query(
            Filters.and(Filters.eq("status", "QUEUED"), Filters.ne("notBefore", null)),
            Sorts.ascending("notBefore"),
            0,
            5),
        new Query(
            Filters.and(Filters.eq("status", "RUNNING"), Filters.ne("notBefore", null)),
            Sorts.descending("notBefore"),
            0,
            0),
        new Query(Filters.ne("createdAt", null), byCreated, 3, 10),
        new Query(
            Filters.and(Filters.eq("status", "FAILED"), Filters.ne("priority", null)), null, 0, 0),
        new Query(Filters.regex("status", "^RUN"), byCreated, 0, 0));
  }

  private static List<Document> run(MongoCollection<Document> tasks, Query query) {
    var find = tasks.find(query.filter()).skip(query.skip()).limit(query.limit());
    if (query.sort() != null) {
      find = find.sort(query.sort());
    }
    return find.into(new ArrayList<>());
  }

  private void assertSameAnswers() {
    for (Query query : queries()) {
      List<Document> expected = run(plain, query);
      List<Document> actual = run(indexed, query);
      if (query.sort() == null) {
        expected.sort((a, b) -> a.getString("_id").compareTo(b.getString("_id")));
        actual.sort((a, b) -> a.getString("_id").compareTo(b.getString("_id")));
      }
      assertThat(actual).as("%s", query).isEqualTo(expected);
      assertThat(indexed.countDocuments(query.filter()))
          .as("count %s", query.filter())
          .isEqualTo(plain.countDocuments(query.filter()));
    }
  }

  @Test
  void indexedAndPlainCollectionsAnswerAlike() {
    assertThat(run(indexed, queries().get(0))).hasSize(20);
    assertSameAnswers();
  }

  @Test
  void answersStayAlikeAfterUpdatesAndDeletesOfIndexedFields() {
    for (MongoCollection<Document> tasks : List.of(plain, indexed)) {
      tasks.updateMany(Filters.eq("owner", "o0"), Updates.set("status", "RUNNING"));
      tasks.updateMany(Filters.eq("priority", 2), Updates.unset("priority"));
      tasks.updateOne(Filters.eq("_id", "t0005"), Updates.set("createdAt", Date.from(T0)));
      tasks.updateMany(Filters.eq("status", "FAILED"), Updates.set("notBefore", null));
      tasks.deleteMany(Filters.eq("status", "SUCCEEDED"));
      tasks.deleteOne(Filters.eq("_id", "t0010"));
      tasks.replaceOne(Filters.eq("_id", "t0011"), new Document("status", "QUEUED"));
    }
    assertSameAnswers();
  }

  @Test
  void answersStayAlikeAfterUpdatesThatLeaveIndexedValuesAsTheyAre() {
    // An index keeps such a document's entry instead of taking it out and back in.
    for (MongoCollection<Document> tasks : List.of(plain, indexed)) {
      tasks.updateMany(Filters.eq("status", "QUEUED"), Updates.push("consumers", "c1"));
      tasks.updateMany(Filters.eq("owner", "o1"), Updates.set("owner", "o1"));
      tasks.updateMany(Filters.eq("priority", 1), Updates.set("priority", 1L));
      tasks.updateMany(Filters.eq("status", "RUNNING"), Updates.set("status", "SUCCEEDED"));
    }
    assertThat(indexed.countDocuments(Filters.eq("status", "RUNNING"))).isZero();
    assertThat(indexed.countDocuments(Filters.eq("consumers", "c1")))
        .isEqualTo(plain.countDocuments(Filters.eq("status", "QUEUED")))
        .isPositive();
    assertSameAnswers();
  }

  @Test
  void aClaimTakesTheFirstMatchInSortOrderAndMovesItOutOfTheIndexRange() {
    Bson claimable =
        Filters.and(
            Filters.eq("status", "QUEUED"),
            Filters.or(Filters.eq("notBefore", null), Filters.lte("notBefore", new Date())));
    FindOneAndUpdateOptions options =
        new FindOneAndUpdateOptions()
            .sort(Sorts.orderBy(Sorts.descending("priority"), Sorts.ascending("queuedAt", "_id")))
            .returnDocument(ReturnDocument.AFTER);
    long queued = plain.countDocuments(Filters.eq("status", "QUEUED"));
    for (int i = 0; i < queued + 2; i++) {
      Bson claim = Updates.combine(Updates.set("status", "RUNNING"), Updates.set("owner", "w" + i));
      Document fromPlain = plain.findOneAndUpdate(claimable, claim, options);
      Document fromIndexed = indexed.findOneAndUpdate(claimable, claim, options);
      assertThat(fromIndexed).as("claim %d", i).isEqualTo(fromPlain);
    }
    assertThat(indexed.countDocuments(Filters.eq("status", "QUEUED"))).isZero();
    assertSameAnswers();
  }

  @Test
  void anIndexedQueryLoadsOnlyTheDocumentsItReturns() {
    IndexedH2Collection tasks = server.collection("t", "indexed");
    IndexedH2Collection scanned = server.collection("t", "plain");

    long before = tasks.documentsRead();
    indexed
        .find(Filters.eq("status", "RUNNING"))
        .sort(Sorts.descending("createdAt"))
        .limit(20)
        .into(new ArrayList<>());
    assertThat(tasks.documentsRead() - before).as("find by status, newest 20").isEqualTo(20);

    before = tasks.documentsRead();
    indexed.find().sort(Sorts.descending("createdAt")).limit(20).into(new ArrayList<>());
    assertThat(tasks.documentsRead() - before).as("newest 20 of all").isEqualTo(20);

    before = tasks.documentsRead();
    long running = indexed.countDocuments(Filters.eq("status", "RUNNING"));
    assertThat(running).isEqualTo(plain.countDocuments(Filters.eq("status", "RUNNING")));
    assertThat(tasks.documentsRead() - before).as("countDocuments by status").isZero();

    before = tasks.documentsRead();
    Bson active = Filters.in("status", "QUEUED", "RUNNING", "QUEUED");
    assertThat(indexed.countDocuments(active)).isEqualTo(plain.countDocuments(active));
    assertThat(tasks.documentsRead() - before).as("countDocuments by several statuses").isZero();

    before = tasks.documentsRead();
    indexed.updateOne(
        Filters.and(Filters.eq("_id", "t0003"), Filters.eq("status", "FAILED")),
        Updates.set("status", "QUEUED"));
    assertThat(tasks.documentsRead() - before).as("conditional update by id").isEqualTo(1);

    before = tasks.documentsRead();
    Document claimed =
        indexed.findOneAndUpdate(
            Filters.eq("status", "QUEUED"),
            Updates.set("status", "RUNNING"),
            new FindOneAndUpdateOptions()
                .sort(Sorts.orderBy(Sorts.descending("priority"), Sorts.ascending("queuedAt"))));
    assertThat(claimed).isNotNull();
    assertThat(tasks.documentsRead() - before).as("claim").isEqualTo(1);

    indexed.updateMany(
        Filters.and(Filters.eq("status", "FAILED"), Filters.lt("_id", "t0100")),
        Updates.set("notBefore", Date.from(T0)));
    before = tasks.documentsRead();
    List<Document> due =
        indexed
            .find(Filters.and(Filters.eq("status", "FAILED"), Filters.ne("notBefore", null)))
            .sort(Sorts.ascending("notBefore"))
            .into(new ArrayList<>());
    assertThat(due).isNotEmpty();
    assertThat(indexed.countDocuments(Filters.eq("status", "FAILED"))).isGreaterThan(due.size());
    assertThat(tasks.documentsRead() - before)
        .as("failed with a due time: those without are skipped in the index")
        .isEqualTo(due.size());

    before = scanned.documentsRead();
    plain
        .find(Filters.eq("status", "RUNNING"))
        .sort(Sorts.descending("createdAt"))
        .limit(20)
        .into(new ArrayList<>());
    assertThat(scanned.documentsRead() - before).as("the same find without indexes").isEqualTo(400);
  }

  @Test
  void aRangeBelowADateSkipsTheNullsAndMissingValuesBeforeIt() {
    // Like WAITING tasks without a delay: the due-timer query must not read them.
    for (int i = 0; i < 200; i++) {
      Document undated = new Document("_id", "u" + i).append("status", "RUNNING");
      if (i % 2 == 0) {
        undated.append("notBefore", null);
      }
      plain.insertOne(Document.parse(undated.toJson()));
      indexed.insertOne(undated);
    }
    IndexedH2Collection tasks = server.collection("t", "indexed");
    Bson due =
        Filters.and(
            Filters.eq("status", "RUNNING"),
            Filters.lte("notBefore", Date.from(T0.plusSeconds(400))));
    long before = tasks.documentsRead();
    List<Document> found = indexed.find(due).into(new ArrayList<>());
    assertThat(found).isNotEmpty().isEqualTo(plain.find(due).into(new ArrayList<>()));
    assertThat(tasks.documentsRead() - before).isEqualTo(found.size());
    assertSameAnswers();
  }

  @Test
  void aSparseIndexHoldsOnlyDocumentsWithTheFieldAndIsUsedOnlyWhereItMissesNone() {
    indexed.createIndex(Indexes.ascending("reuseKey"), new IndexOptions().sparse(true));
    for (int i = 0; i < 300; i++) {
      Document doc = new Document("_id", "r" + i).append("status", "SUCCEEDED");
      if (i % 3 == 0) {
        doc.append("reuseKey", "k" + (i % 5));
      } else if (i % 3 == 1) {
        doc.append("reuseKey", null);
      }
      plain.insertOne(Document.parse(doc.toJson()));
      indexed.insertOne(doc);
    }
    IndexedH2Collection tasks = server.collection("t", "indexed");
    List<Bson> filters =
        List.of(
            Filters.eq("reuseKey", "k1"),
            Filters.in("reuseKey", "k1", "k2"),
            Filters.and(Filters.eq("reuseKey", "k3"), Filters.eq("status", "SUCCEEDED")),
            Filters.eq("reuseKey", null),
            Filters.in("reuseKey", "k1", null),
            Filters.exists("reuseKey", false),
            Filters.ne("reuseKey", "k1"),
            Filters.gt("reuseKey", "k2"),
            Filters.lt("reuseKey", "k2"),
            new Document());
    for (Bson filter : filters) {
      for (Bson sort : List.of(new Document(), Sorts.ascending("reuseKey", "_id"))) {
        List<Document> expected = plain.find(filter).sort(sort).into(new ArrayList<>());
        assertThat(indexed.find(filter).sort(sort).into(new ArrayList<>()))
            .as("%s sorted %s", filter, sort)
            .isEqualTo(expected);
      }
      assertThat(indexed.countDocuments(filter))
          .as("count %s", filter)
          .isEqualTo(plain.countDocuments(filter));
    }
    // Entries: the 200 documents with the field (100 of them null); the other 500 have none.
    assertThat(tasks.indexEntries("reuseKey_1")).isEqualTo(200);
    long before = tasks.documentsRead();
    List<Document> found = indexed.find(Filters.eq("reuseKey", "k1")).into(new ArrayList<>());
    assertThat(found).hasSize(20);
    assertThat(tasks.documentsRead() - before)
        .as("equality on a value reads the index")
        .isEqualTo(20);
    // An update that removes or adds the field takes the document out of the index or into it.
    for (MongoCollection<Document> collection : List.of(plain, indexed)) {
      collection.updateMany(Filters.eq("reuseKey", "k1"), Updates.unset("reuseKey"));
      collection.updateOne(Filters.eq("_id", "r2"), Updates.set("reuseKey", "k9"));
    }
    assertThat(tasks.indexEntries("reuseKey_1")).isEqualTo(181);
    assertThat(indexed.find(Filters.eq("reuseKey", "k9")).into(new ArrayList<>()))
        .extracting(d -> d.getString("_id"))
        .containsExactly("r2");
    assertThat(indexed.countDocuments(Filters.exists("reuseKey", false))).isEqualTo(519);
    assertSameAnswers();
  }

  @Test
  void anIndexOverAnArrayFieldIsNotUsedAndAnswersStayCorrect() {
    indexed.createIndex(Indexes.ascending("tags"));
    IndexedH2Collection tasks = server.collection("t", "indexed");
    long before = tasks.documentsRead();
    List<Document> found = indexed.find(Filters.eq("tags", "a1")).into(new ArrayList<>());
    assertThat(found).hasSize(200);
    assertThat(tasks.documentsRead() - before).isEqualTo(400);
    assertSameAnswers();
  }

  @Test
  void theDriverSeesTheIndexesItCreated() {
    List<String> names = new ArrayList<>();
    indexed.listIndexes().forEach(index -> names.add(index.getString("name")));
    assertThat(names)
        .containsExactlyInAnyOrder(
            "_id_",
            "status_1_createdAt_-1",
            "createdAt_-1",
            "owner_1_status_1",
            "status_1_priority_-1_queuedAt_1",
            "status_1_notBefore_1");
    createTaskIndexes(indexed); // again, as at every start: nothing changes
    assertThat(indexed.listIndexes().into(new ArrayList<>())).hasSize(names.size());
  }
}
