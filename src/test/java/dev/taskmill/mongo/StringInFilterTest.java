package dev.taskmill.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A string {@code $in} decides exactly as the stock matcher, and only where it can. */
class StringInFilterTest {

  private static final List<Object> VALUES =
      List.of("a", "b", "c", "A", "", "a ", 1, 1.0, List.of("a", "x"), List.of("x"), "x");

  @Test
  void decidesEveryStringValueAsTheStockMatcherAndLeavesTheRest() {
    DefaultQueryMatcher stock = new DefaultQueryMatcher();
    Random random = new Random(13);
    int decided = 0;
    for (int round = 0; round < 2000; round++) {
      List<Object> listed = new ArrayList<>();
      for (int i = random.nextInt(4); i >= 0; i--) {
        listed.add(List.of("a", "b", "c", "A", "", "z").get(random.nextInt(6)));
      }
      Document query = new Document("f", new Document("$in", listed));
      Document document = new Document("_id", round);
      int pick = random.nextInt(VALUES.size() + 1);
      if (pick < VALUES.size()) {
        document.put("f", VALUES.get(pick));
      }
      Boolean fast = StringInFilter.of(query).matches(document);
      if (fast != null) {
        decided++;
        assertThat(fast).as("%s on %s", query, document).isEqualTo(stock.matches(document, query));
      } else {
        assertThat(document.get("f") instanceof String).as("%s", document).isFalse();
      }
    }
    assertThat(decided).isGreaterThan(500);
  }

  @Test
  void onlyThatShapeIsTaken() {
    List<String> ids = List.of("a", "b");
    assertThat(StringInFilter.of(new Document("_id", new Document("$in", ids)))).isNotNull();
    assertThat(StringInFilter.of(new Document("_id", new Document("$in", List.of("a", 1)))))
        .isNull();
    assertThat(StringInFilter.of(new Document("_id", new Document("$nin", ids)))).isNull();
    assertThat(
            StringInFilter.of(
                new Document("_id", new Document("$in", ids)).append("status", "QUEUED")))
        .isNull();
    assertThat(StringInFilter.of(new Document("a.b", new Document("$in", ids)))).isNull();
    assertThat(StringInFilter.of(new Document("_id", "a"))).isNull();
    assertThat(StringInFilter.of(new Document("_id", new Document("$in", ids).append("$ne", "a"))))
        .isNull();
    assertThat(StringInFilter.of(new Document())).isNull();
  }

  @Test
  void findsByManyIdsThroughTheServer() {
    try (EmbeddedMongo server = EmbeddedMongo.start("memory", 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<org.bson.Document> items = client.getDatabase("t").getCollection("items");
      List<org.bson.Document> docs = new ArrayList<>();
      List<String> wanted = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        docs.add(new org.bson.Document("_id", "i" + i).append("n", i));
        if (i % 3 == 0) {
          wanted.add("i" + i);
        }
      }
      docs.add(new org.bson.Document("_id", 7).append("tags", List.of("i3", "q")));
      items.insertMany(docs);
      wanted.add("nope");
      List<Object> found = new ArrayList<>();
      items
          .find(Filters.in("_id", wanted))
          .projection(Projections.include("_id"))
          .forEach(doc -> found.add(doc.get("_id")));
      assertThat(found).hasSize(667).allSatisfy(id -> assertThat(wanted).contains((String) id));
      assertThat(items.countDocuments(Filters.in("tags", List.of("q", "r")))).isEqualTo(1);
      assertThat(items.deleteMany(Filters.in("_id", wanted)).getDeletedCount()).isEqualTo(667);
      assertThat(items.countDocuments()).isEqualTo(1334);
    }
  }
}
