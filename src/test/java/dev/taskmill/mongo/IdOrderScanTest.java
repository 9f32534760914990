package dev.taskmill.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A query sorted by {@code _id} alone reads the documents in id order from the document map: a page
 * of the newest loads only that page, and answers match the server's order, also for ids that are
 * not all strings.
 */
class IdOrderScanTest {

  private EmbeddedMongo server;
  private MongoClient client;
  private MongoCollection<Document> items;
  private final List<String> ids = new ArrayList<>();

  @BeforeEach
  void start() {
    server = EmbeddedMongo.start("memory", 0);
    client = MongoClients.create(server.connectionString());
    items = client.getDatabase("t").getCollection("items");
    items.createIndex(new Document("status", 1).append("_id", -1));
    for (int i = 0; i < 500; i++) {
      ids.add(new ObjectId().toHexString());
    }
    List<Document> docs = new ArrayList<>();
    List<String> shuffled = new ArrayList<>(ids);
    Collections.shuffle(shuffled, new Random(7));
    for (int i = 0; i < shuffled.size(); i++) {
      docs.add(
          new Document("_id", shuffled.get(i))
              .append("status", i % 2 == 0 ? "A" : "B")
              .append("label", "item " + i));
    }
    items.insertMany(docs);
    Collections.sort(ids);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private List<Object> idsOf(Iterable<Document> docs) {
    List<Object> found = new ArrayList<>();
    docs.forEach(doc -> found.add(doc.get("_id")));
    return found;
  }

  @Test
  void theNewestPageOfAllDocumentsLoadsOnlyThatPage() {
    IndexedH2Collection collection = server.collection("t", "items");
    long before = collection.documentsRead();
    List<Object> page = idsOf(items.find().sort(Sorts.descending("_id")).skip(100).limit(50));
    List<String> newestFirst = new ArrayList<>(ids);
    Collections.reverse(newestFirst);
    assertThat(page).containsExactlyElementsOf(newestFirst.subList(100, 150));
    assertThat(collection.documentsRead() - before).isEqualTo(150);

    List<Object> oldest = idsOf(items.find().sort(Sorts.ascending("_id")).limit(3));
    assertThat(oldest).containsExactlyElementsOf(ids.subList(0, 3));
  }

  @Test
  void aFilterNoIndexServesIsMatchedWhileReadingInIdOrder() {
    List<Object> found =
        idsOf(
            items.find(Filters.regex("label", "^item 1")).sort(Sorts.descending("_id")).limit(20));
    List<Object> expected = new ArrayList<>();
    items
        .find(Filters.regex("label", "^item 1"))
        .forEach(doc -> expected.add(doc.getString("_id")));
    expected.sort(Collections.reverseOrder());
    assertThat(found).containsExactlyElementsOf(expected.subList(0, 20));
  }

  @Test
  void idsOfSeveralTypesKeepTheServersOrder() {
    ObjectId objectId = new ObjectId();
    items.insertOne(new Document("_id", 5L).append("status", "A"));
    items.insertOne(new Document("_id", 7).append("status", "A"));
    items.insertOne(new Document("_id", objectId).append("status", "A"));
    List<Object> all = idsOf(items.find().sort(Sorts.ascending("_id")));
    // Numbers, then strings, then ObjectIds: BSON order, not the storage map's.
    assertThat(all.subList(0, 3)).containsExactly(5L, 7, ids.get(0));
    assertThat(all.get(all.size() - 1)).isEqualTo(objectId);
    List<Object> reversed = idsOf(items.find().sort(Sorts.descending("_id")).limit(2));
    assertThat(reversed).containsExactly(objectId, ids.get(ids.size() - 1));
  }
}
