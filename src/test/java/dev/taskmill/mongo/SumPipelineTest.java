package dev.taskmill.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A total over an index ({@code $match} then {@code $group} of {@code $sum}s) gives MongoDB's
 * answer and loads only the documents the index yields.
 */
class SumPipelineTest {

  private EmbeddedMongo server;
  private MongoClient client;
  private MongoCollection<Document> items;

  @BeforeEach
  void start() {
    server = EmbeddedMongo.start("memory", 0);
    client = MongoClients.create(server.connectionString());
    items = client.getDatabase("t").getCollection("items");
    items.createIndex(Indexes.ascending("owner", "status"));
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Document doc = new Document("_id", String.format("i%04d", i)).append("owner", "o" + (i % 3));
      if (i % 10 == 0) {
        doc.append("size", null); // a PENDING output: no size yet
      } else if (i % 10 != 1) {
        doc.append("size", (long) i * 1000);
      }
      docs.add(doc);
    }
    items.insertMany(docs);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private Document total(String owner) {
    return items
        .aggregate(
            List.of(
                Aggregates.match(Filters.eq("owner", owner)),
                Aggregates.group(
                    null, Accumulators.sum("bytes", "$size"), Accumulators.sum("items", 1))))
        .first();
  }

  @Test
  void sumsAFieldAndCountsTheMatchesOfTheIndex() {
    long bytes = 0;
    int count = 0;
    for (Document doc : items.find(Filters.eq("owner", "o1"))) {
      count++;
      bytes += doc.get("size") instanceof Number n ? n.longValue() : 0;
    }
    IndexedH2Collection stored = server.collection("t", "items");
    long before = stored.documentsRead();

    Document total = total("o1");

    assertThat(((Number) total.get("bytes")).longValue()).isEqualTo(bytes).isPositive();
    assertThat(total.get("items")).isEqualTo(count);
    assertThat(total.get("_id")).isNull();
    assertThat(stored.documentsRead() - before).as("documents loaded").isEqualTo(count);
  }

  @Test
  void nothingMatchedIsNoResultAsOnMongoDb() {
    assertThat(total("nobody")).isNull();
  }

  @Test
  void otherPipelinesStillGoTheStockWay() {
    List<Document> byOwner =
        items
            .aggregate(
                List.of(
                    Aggregates.match(Filters.in("owner", "o0", "o2")),
                    Aggregates.group("$owner", Accumulators.sum("items", 1))))
            .into(new ArrayList<>());
    assertThat(byOwner)
        .extracting(d -> d.get("_id") + "=" + d.get("items"))
        .containsExactlyInAnyOrder("o0=100", "o2=100");
  }
}
