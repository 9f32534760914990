package dev.taskmill.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unique indexes' key type orders keys exactly as H2's default type (the order the file holds),
 * and a file of the stock backend opens in this one with its {@code _id} index intact.
 */
class UniqueKeyTypeTest {

  @TempDir Path dir;

  @Test
  void ordersEveryKeyAsTheDefaultTypeDoes() {
    Random random = new Random(13);
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      keys.add(new KeyValue(text(random)));
    }
    for (int i = 0; i < 40; i++) {
      keys.add(new KeyValue(new ObjectId().toHexString()));
      keys.add(new KeyValue(random.nextInt(1000)));
      keys.add(new KeyValue(text(random), text(random)));
      keys.add(new KeyValue(new de.bwaldvogel.mongo.bson.ObjectId()));
    }
    ObjectDataType stock = new ObjectDataType();
    UniqueKeyType fast = new UniqueKeyType();
    for (Object a : keys) {
      for (Object b : keys) {
        assertThat(Integer.signum(fast.compare(a, b)))
            .as("%s vs %s", a, b)
            .isEqualTo(Integer.signum(stock.compare(a, b)));
      }
    }
  }

  @Test
  void keysReadBackEqualWhetherWrittenCompactOrByTheDefaultType() {
    Random random = new Random(7);
    List<KeyValue> keys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      keys.add(new KeyValue(text(random)));
      keys.add(new KeyValue(random.nextLong(), null, random.nextDouble()));
      keys.add(new KeyValue(new de.bwaldvogel.mongo.bson.ObjectId(), List.of("a", 1)));
      keys.add(new KeyValue(new de.bwaldvogel.mongo.bson.Document("x", text(random))));
    }
    UniqueKeyType type = new UniqueKeyType();
    for (KeyValue key : keys) {
      org.h2.mvstore.WriteBuffer compact = new org.h2.mvstore.WriteBuffer();
      type.write(compact, key);
      assertThat(compact.getBuffer().get(0)).isEqualTo(UniqueKeyType.TAG_KEY);
      assertThat(type.read(compact.getBuffer().flip())).isEqualTo(key);

      org.h2.mvstore.WriteBuffer stock = new org.h2.mvstore.WriteBuffer();
      new ObjectDataType().write(stock, key);
      assertThat(type.read(stock.getBuffer().flip())).isEqualTo(key);
    }
  }

  /** Strings of 0 to 140 characters: mostly ASCII, sometimes NUL or beyond ASCII. */
  private static String text(Random random) {
    int length = random.nextInt(141);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(40);
      text.append(
          kind == 0 ? '\0' : kind == 1 ? (char) (128 + random.nextInt(2000)) : randomAscii(random));
    }
    return text.toString();
  }

  private static char randomAscii(Random random) {
    return random.nextBoolean()
        ? "0123456789abcdef".charAt(random.nextInt(16))
        : (char) (1 + random.nextInt(127));
  }

  @Test
  void theIdIndexOfEveryCollectionUsesIt() {
    MVStore store = MVStore.open(null);
    MongoServer server = new MongoServer(new IndexedH2Backend(store));
    try (MongoClient client = MongoClients.create(connect(server))) {
      client.getDatabase("t").getCollection("tasks").insertOne(new Document("_id", "a"));
      List<String> indexMaps =
          store.getMapNames().stream().filter(name -> name.contains("._index_")).toList();
      assertThat(indexMaps).isNotEmpty();
      for (String name : indexMaps) {
        assertThat(store.openMap(name).getKeyType()).isInstanceOf(UniqueKeyType.class);
      }
    } finally {
      server.shutdownNow();
    }
  }

  @Test
  void aStockFileKeepsItsIdIndexHere() {
    String file = dir.resolve("db.mv").toString();
    List<String> ids = IntStream.range(0, 500).mapToObj(i -> new ObjectId().toHexString()).toList();
    MongoServer stock = new MongoServer(new H2Backend(file));
    try (MongoClient client = MongoClients.create(connect(stock))) {
      tasks(client).insertMany(ids.subList(0, 250).stream().map(UniqueKeyTypeTest::doc).toList());
    } finally {
      stock.shutdownNow();
    }
    try (EmbeddedMongo server = EmbeddedMongo.start(file, 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> tasks = tasks(client);
      assertThat(tasks.find(Filters.in("_id", ids)).into(new ArrayList<>())).hasSize(250);
      assertThatThrownBy(() -> tasks.insertOne(doc(ids.get(7))))
          .isInstanceOf(MongoWriteException.class)
          .hasMessageContaining("duplicate key");
      tasks.insertMany(ids.subList(250, 500).stream().map(UniqueKeyTypeTest::doc).toList());
      assertThat(tasks.find(Filters.eq("_id", ids.get(300))).first()).isNotNull();
    }
    // The documents this backend wrote are in DocumentType's form, which the stock backend cannot
    // read: the index written by both backends is checked here, where they can be read.
    try (EmbeddedMongo server = EmbeddedMongo.start(file, 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> tasks = tasks(client);
      for (String id : ids) {
        assertThat(tasks.find(Filters.eq("_id", id)).first()).as(id).isNotNull();
      }
      assertThatThrownBy(() -> tasks.insertOne(doc(ids.get(400))))
          .isInstanceOf(MongoWriteException.class)
          .hasMessageContaining("duplicate key");
    }
  }

  private static String connect(MongoServer server) {
    server.bind("127.0.0.1", 0);
    return server.getConnectionString();
  }

  private static MongoCollection<Document> tasks(MongoClient client) {
    return client.getDatabase("t").getCollection("tasks");
  }

  private static Document doc(String id) {
    return new Document("_id", id).append("status", "QUEUED");
  }
}
