package dev.taskmill.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collStats} still reports a collection's size although writes no longer keep it up to date:
 * it is counted when asked, after inserts, a growing array, and deletes.
 */
class DataSizeTest {

  @TempDir Path dir;

  @Test
  void collStatsCountsTheSizeOfWhatIsStored() {
    try (EmbeddedMongo server = EmbeddedMongo.start(dir.resolve("db.mv").toString(), 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoDatabase db = client.getDatabase("t");
      MongoCollection<Document> things = db.getCollection("things");
      for (int i = 0; i < 20; i++) {
        things.insertOne(new Document("_id", "id" + i).append("text", "x".repeat(i * 10)));
      }
      for (int i = 0; i < 50; i++) {
        things.updateOne(Filters.eq("_id", "id3"), Updates.push("consumers", "consumer-" + i));
      }
      things.deleteOne(Filters.eq("_id", "id19"));
      things.deleteOne(Filters.eq("_id", "id0"));

      long stored =
          things
              .withDocumentClass(RawBsonDocument.class)
              .find()
              .into(new java.util.ArrayList<>())
              .stream()
              .mapToLong(doc -> doc.getByteBuffer().remaining())
              .sum();
      Document stats = db.runCommand(new Document("collStats", "things"));

      assertThat(stored).isGreaterThan(20 * 90);
      assertThat(((Number) stats.get("size")).longValue()).isEqualTo(stored);
      assertThat(((Number) stats.get("count")).intValue()).isEqualTo(18);
    }
  }
}
