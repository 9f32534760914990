package dev.taskmill.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Index definitions live in the H2 file; the entries are rebuilt from the documents at open. */
class SecondaryIndexPersistenceTest {

  @TempDir Path dir;

  private static MongoCollection<Document> tasks(MongoClient client) {
    return client.getDatabase("t").getCollection("tasks");
  }

  private static List<Integer> newestQueued(MongoCollection<Document> tasks) {
    List<Integer> ids = new ArrayList<>();
    tasks
        .find(Filters.eq("status", "QUEUED"))
        .sort(Sorts.descending("n"))
        .limit(5)
        .forEach(doc -> ids.add(doc.getInteger("_id")));
    return ids;
  }

  @Test
  void indexesExistAndServeQueriesAfterTheFileIsReopened() {
    String file = dir.resolve("db.mv").toString();
    try (EmbeddedMongo server = EmbeddedMongo.start(file, 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> tasks = tasks(client);
      tasks.createIndex(
          Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("n")));
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        docs.add(
            new Document("_id", i).append("status", i % 3 == 0 ? "QUEUED" : "DONE").append("n", i));
      }
      tasks.insertMany(docs);
      assertThat(newestQueued(tasks)).containsExactly(297, 294, 291, 288, 285);
    }
    try (EmbeddedMongo server = EmbeddedMongo.start(file, 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> tasks = tasks(client);
      IndexedH2Collection stored = server.collection("t", "tasks");
      assertThat(stored.orderedIndexes()).isEqualTo(1);
      long before = stored.documentsRead();
      assertThat(newestQueued(tasks)).containsExactly(297, 294, 291, 288, 285);
      assertThat(stored.documentsRead() - before).isEqualTo(5);

      // What a service does at every start: the same createIndex finds its index.
      tasks.createIndex(
          Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("n")));
      assertThat(tasks.listIndexes().into(new ArrayList<>())).hasSize(2);
      assertThat(stored.orderedIndexes()).isEqualTo(1);

      tasks.updateOne(Filters.eq("_id", 297), Updates.set("status", "DONE"));
      tasks.insertOne(new Document("_id", 1000).append("status", "QUEUED").append("n", 1000));
      assertThat(newestQueued(tasks)).containsExactly(1000, 294, 291, 288, 285);
    }
    try (EmbeddedMongo server = EmbeddedMongo.start(file, 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> tasks = tasks(client);
      assertThat(newestQueued(tasks)).containsExactly(1000, 294, 291, 288, 285);
      assertThat(tasks.countDocuments(Filters.eq("status", "QUEUED"))).isEqualTo(100);
      IndexedH2Collection stored = server.collection("t", "tasks");
      assertThat(
              stored
                  .plan(new de.bwaldvogel.mongo.bson.Document("status", "QUEUED"), null, 0)
                  .countable())
          .isTrue();
    }
  }

  @Test
  void droppingAnIndexStopsItsUse() {
    try (EmbeddedMongo server = EmbeddedMongo.start("memory", 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> tasks = tasks(client);
      String name = tasks.createIndex(Indexes.ascending("status"));
      tasks.insertOne(new Document("_id", 1).append("status", "QUEUED"));
      IndexedH2Collection stored = server.collection("t", "tasks");
      assertThat(stored.orderedIndexes()).isEqualTo(1);
      tasks.dropIndex(name);
      assertThat(stored.orderedIndexes()).isZero();
      assertThat(tasks.countDocuments(Filters.eq("status", "QUEUED"))).isEqualTo(1);
    }
  }
}
