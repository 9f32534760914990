package dev.taskmill.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

/**
 * Random documents, random indexes, random queries and writes: a collection with indexes and one
 * without always answer alike. A failure names its seed; {@code -Dseed=N -DseedTo=N} reruns it
 * alone, a larger {@code -DseedTo} tries more.
 */
class SecondaryIndexPropertyTest {

  private static final String[] FIELDS = {"a", "b", "c"};
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final Random random = new Random();

  @Test
  void indexedAndPlainCollectionsAnswerAlikeForRandomQueriesAndWrites() {
    try (EmbeddedMongo server = EmbeddedMongo.start("memory", 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoDatabase db = client.getDatabase("p");
      for (long seed = Long.getLong("seed", 1); seed <= Long.getLong("seedTo", 40); seed++) {
        random.setSeed(seed);
        MongoCollection<Document> plain = db.getCollection("plain" + seed);
        MongoCollection<Document> indexed = db.getCollection("indexed" + seed);
        boolean arrays = seed % 10 == 0;
        for (int i = 0, n = 2 + random.nextInt(3); i < n; i++) {
          indexed.createIndex(randomIndex());
        }
        List<Document> docs = new ArrayList<>();
        for (int i = 0, n = 40 + random.nextInt(120); i < n; i++) {
          docs.add(randomDocument(i, arrays));
        }
        plain.insertMany(docs.stream().map(d -> Document.parse(d.toJson())).toList());
        indexed.insertMany(docs.stream().map(d -> Document.parse(d.toJson())).toList());
        for (int step = 0; step < 60; step++) {
          String context = "seed " + seed + " step " + step;
          int kind = random.nextInt(10);
          if (kind < 6) {
            compareFind(plain, indexed, context);
          } else if (kind == 6) {
            Bson filter = randomFilter();
            Bson update = randomUpdate();
            if (random.nextBoolean()) {
              plain.updateMany(filter, update);
              indexed.updateMany(filter, update);
            } else {
              plain.updateOne(filter, update);
              indexed.updateOne(filter, update);
            }
          } else if (kind == 7 && random.nextInt(3) == 0) {
            Bson filter = randomFilter();
            // Without a sort both take the first match by id, as the stock server does.
            assertThat(indexed.deleteOne(filter).getDeletedCount())
                .as(context)
                .isEqualTo(plain.deleteOne(filter).getDeletedCount());
          } else {
            Bson filter = randomFilter();
            Bson update = randomUpdate();
            FindOneAndUpdateOptions options =
                new FindOneAndUpdateOptions()
                    .sort(random.nextInt(5) == 0 ? null : randomSort())
                    .returnDocument(ReturnDocument.BEFORE);
            assertThat(indexed.findOneAndUpdate(filter, update, options))
                .as("%s findOneAndUpdate %s %s", context, filter, options)
                .isEqualTo(plain.findOneAndUpdate(filter, update, options));
          }
        }
        if (!arrays) {
          assertThat(server.collection("p", "indexed" + seed).documentsRead())
              .as("seed %d: documents the indexed collection loaded, fewer than a scan", seed)
              .isLessThan(server.collection("p", "plain" + seed).documentsRead());
        }
        assertThat(indexed.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()))
            .as("seed %d: all documents at the end", seed)
            .isEqualTo(plain.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
      }
    }
  }

  private void compareFind(
      MongoCollection<Document> plain, MongoCollection<Document> indexed, String context) {
    Bson filter = randomFilter();
    Bson sort = random.nextInt(5) == 0 ? null : randomSort(); // none: both in id order
    int skip = random.nextInt(4) == 0 ? random.nextInt(10) : 0;
    int limit = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(15);
    List<Document> expected =
        plain.find(filter).sort(sort).skip(skip).limit(limit).into(new ArrayList<>());
    List<Document> actual =
        indexed.find(filter).sort(sort).skip(skip).limit(limit).into(new ArrayList<>());
    assertThat(actual)
        .as("%s find %s sort %s skip %d limit %d", context, filter, sort, skip, limit)
        .isEqualTo(expected);
    assertThat(indexed.countDocuments(filter))
        .as("%s count %s", context, filter)
        .isEqualTo(plain.countDocuments(filter));
  }

  private Bson randomIndex() {
    List<Bson> keys = new ArrayList<>();
    List<String> fields = new ArrayList<>(List.of(FIELDS));
    java.util.Collections.shuffle(fields, random);
    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
      keys.add(
          random.nextBoolean() ? Sorts.ascending(fields.get(i)) : Sorts.descending(fields.get(i)));
    }
    return Sorts.orderBy(keys);
  }

  private Object randomValue() {
    return switch (random.nextInt(7)) {
      case 0 -> null;
      case 1 -> random.nextInt(5);
      case 2 -> random.nextInt(4) + 0.5;
      case 3 -> "s" + random.nextInt(4);
      case 4 -> random.nextBoolean();
      case 5 -> Date.from(T0.plusSeconds(random.nextInt(5)));
      default -> (long) random.nextInt(5);
    };
  }

  private Document randomDocument(int i, boolean arrays) {
    Document doc = new Document("_id", i);
    for (String field : FIELDS) {
      int shape = random.nextInt(10);
      if (shape == 0) {
        continue; // missing
      }
      if (arrays && shape == 1) {
        doc.append(field, java.util.Arrays.asList(randomValue(), randomValue()));
      } else {
        doc.append(field, randomValue());
      }
    }
    return doc;
  }

  private Bson randomCondition() {
    String field = FIELDS[random.nextInt(FIELDS.length)];
    return switch (random.nextInt(9)) {
      case 0, 1 -> Filters.eq(field, randomValue());
      case 2 -> Filters.in(field, randomValue(), randomValue(), randomValue());
      case 3 -> Filters.lt(field, nonNull());
      case 4 -> Filters.gte(field, nonNull());
      case 5 -> Filters.and(Filters.gt(field, nonNull()), Filters.lte(field, nonNull()));
      case 6 -> Filters.or(Filters.eq(field, null), Filters.lte(field, nonNull()));
      case 7 -> Filters.ne(field, randomValue());
      default -> Filters.exists(field, random.nextBoolean());
    };
  }

  private Object nonNull() {
    Object value = randomValue();
    return value == null ? 2 : value;
  }

  private Bson randomFilter() {
    List<Bson> conditions = new ArrayList<>();
    for (int i = 0, n = random.nextInt(4); i < n; i++) {
      conditions.add(randomCondition());
    }
    return conditions.isEmpty() ? new Document() : Filters.and(conditions);
  }

  /**
   * Fields in random directions, often then {@code _id}. Without it ties remain, and both
   * collections must still give them in the same (id) order.
   */
  private Bson randomSort() {
    List<Bson> keys = new ArrayList<>();
    List<String> fields = new ArrayList<>(List.of(FIELDS));
    java.util.Collections.shuffle(fields, random);
    for (int i = 0, n = random.nextInt(3); i < n; i++) {
      keys.add(
          random.nextBoolean() ? Sorts.ascending(fields.get(i)) : Sorts.descending(fields.get(i)));
    }
    if (keys.isEmpty() || random.nextBoolean()) {
      keys.add(random.nextBoolean() ? Sorts.ascending("_id") : Sorts.descending("_id"));
    }
    return Sorts.orderBy(keys);
  }

  private Bson randomUpdate() {
    String field = FIELDS[random.nextInt(FIELDS.length)];
    return random.nextInt(4) == 0 ? Updates.unset(field) : Updates.set(field, randomValue());
  }
}
