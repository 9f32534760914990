package dev.taskmill.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Updates that do not wait for the disk (j: false) beside writes that do, on separate connections:
 * the commit one thread runs serializes pages while others update the same documents. The server
 * used to apply an update in place to the stored document, which the commit could be writing at
 * that moment; H2 then failed with a ConcurrentModificationException and closed the store, and
 * every later command failed.
 */
class ConcurrentCommitTest {

  @TempDir Path dir;

  @Test
  void updatesBesideCommitsNeverCloseTheStore() throws Exception {
    String file = dir.resolve("concurrent.mv").toString();
    try (EmbeddedMongo server = EmbeddedMongo.start(file, 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> tasks =
          client
              .getDatabase("t")
              .getCollection("tasks")
              .withWriteConcern(WriteConcern.UNACKNOWLEDGED.withW(1).withJournal(false));
      MongoCollection<Document> durable =
          client.getDatabase("t").getCollection("ends").withWriteConcern(WriteConcern.JOURNALED);
      int documents = 20;
      for (int i = 0; i < documents; i++) {
        Document fields = new Document("_id", i);
        for (int f = 0; f < 40; f++) {
          fields.append("f" + f, "value " + f);
        }
        tasks.insertOne(fields);
      }
      ExecutorService threads = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          int seed = t;
          work.add(
              threads.submit(
                  () -> {
                    for (int n = 0; n < 3_000; n++) {
                      int id = (n * 7 + seed) % documents;
                      // $unset and $set remove and add top-level keys; a nested $set and a
                      // $push change values inside (a progress, a consumer list).
                      tasks.updateOne(
                          Filters.eq("_id", id),
                          switch (n % 3) {
                            case 0 -> Updates.combine(Updates.set("n", n), Updates.unset("f3"));
                            case 1 ->
                                Updates.combine(Updates.set("f3", "back"), Updates.unset("n"));
                            default ->
                                Updates.combine(
                                    Updates.set("progress.fraction", n / 3000.0),
                                    Updates.push("consumers", "task-" + n));
                          });
                    }
                  }));
        }
        work.add(
            threads.submit(
                () -> {
                  for (int n = 0; n < 1_500; n++) {
                    durable.insertOne(new Document("n", n)); // a commit and fsync each
                  }
                }));
        for (Future<?> done : work) {
          done.get();
        }
      } finally {
        threads.shutdownNow();
      }
      assertThat(durable.countDocuments()).isEqualTo(1_500);
      assertThat(tasks.countDocuments()).isEqualTo(documents);
    }
  }
}
