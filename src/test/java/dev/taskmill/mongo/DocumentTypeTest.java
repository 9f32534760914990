package dev.taskmill.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.bson.types.Binary;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents written by {@link DocumentType} read back equal, value by value and in key order, and
 * files whose documents H2's default type wrote open, read and grow unchanged.
 */
class DocumentTypeTest {

  @TempDir Path dir;

  /** One value of every type a stored document can hold, and a few it should never hold. */
  private static Document everyType(int n) {
    Document nested = new Document("z", 1).append("a", List.of(new Document("deep", true)));
    Document doc = new Document("_id", "task-" + n);
    doc.append("objectId", new ObjectId())
        .append("string", "plain")
        .append("unicode", "Grüße, 世界 \uD83D\uDE00")
        .append("nulAndLoneSurrogate", "a\0b\uD800c")
        .append("empty", "")
        .append("int", n)
        .append("negativeInt", Integer.MIN_VALUE)
        .append("long", Long.MAX_VALUE)
        .append("negativeLong", -5L)
        .append("double", -0.0)
        .append("nan", Double.NaN)
        .append("true", true)
        .append("false", false)
        .append("null", null)
        .append("instant", Instant.ofEpochMilli(1_700_000_000_123L))
        .append("instantNanos", Instant.ofEpochSecond(-3, 123_456_789))
        .append("decimal", new Decimal128(new BigDecimal("-12345.6789E-20")))
        .append("binary", new BinData(new byte[] {0, 1, -1, 127}))
        .append("uuid", UUID.randomUUID())
        .append("legacyUuid", new LegacyUUID(UUID.randomUUID()))
        .append("timestamp", new BsonTimestamp(Instant.ofEpochSecond(1_700_000_000L), 7))
        .append("minKey", MinKey.getInstance())
        .append("maxKey", MaxKey.getInstance())
        .append("javascript", new BsonJavaScript("function() { return 1; }"))
        .append("nested", nested)
        .append("emptyDoc", new Document())
        .append("list", new ArrayList<>(Arrays.asList(1, "two", null, List.of(3L), nested)))
        .append("emptyList", List.of())
        // Not BSON types: written by H2's default type, inside the document.
        .append("date", new Date(1_700_000_000_456L))
        .append("short", (short) 3)
        .append("float", 1.5f)
        .append("bigDecimal", new BigDecimal("1.10"))
        .append("set", new TreeSet<>(Set.of("b", "a")))
        .append("map", new LinkedHashMap<>(java.util.Map.of("k", "v")));
    return doc;
  }

  private static ByteBuffer written(ObjectDataType type, Object value) {
    WriteBuffer buff = new WriteBuffer();
    type.write(buff, value);
    return buff.getBuffer().flip();
  }

  @Test
  void everyValueTypeReadsBackEqualAndInKeyOrder() {
    Document doc = everyType(1);
    ByteBuffer stored = written(new DocumentType(), doc);
    assertThat(stored.get(0)).isEqualTo(DocumentType.TAG_DOCUMENT);

    Document read = (Document) new DocumentType().read(stored);

    assertThat(stored.hasRemaining()).isFalse();
    assertThat(new ArrayList<>(read.keySet())).isEqualTo(new ArrayList<>(doc.keySet()));
    for (String key : doc.keySet()) {
      assertThat(read.get(key)).as(key).isEqualTo(doc.get(key));
      if (doc.get(key) != null && !(doc.get(key) instanceof List)) { // a list reads as ArrayList
        assertThat(read.get(key).getClass()).as(key).isEqualTo(doc.get(key).getClass());
      }
    }
    assertThat(read.get("list")).isEqualTo(doc.get("list"));
    assertThat(read.get("minKey")).isSameAs(MinKey.getInstance());
    assertThat(read.get("maxKey")).isSameAs(MaxKey.getInstance());
  }

  @Test
  void aRegularExpressionKeepsPatternAndOptions() {
    // BsonRegularExpression has no equals: compare its parts.
    Document doc = new Document("re", new BsonRegularExpression("^a.*\\d$", "im"));
    Document read = (Document) new DocumentType().read(written(new DocumentType(), doc));
    BsonRegularExpression re = (BsonRegularExpression) read.get("re");
    assertThat(re.getPattern()).isEqualTo("^a.*\\d$");
    assertThat(re.getOptions()).isEqualTo("im");
  }

  @Test
  void aTypicalDocumentTakesAFractionOfItsJavaSerializedSize() {
    Document task =
        new Document("_id", "0190c0de-4f6a-7b1c-9d2e-3f4a5b6c7d8e")
            .append("module", "tm-echo")
            .append("status", "QUEUED")
            .append("created", Instant.now())
            .append("inputs", List.of("item-1", "item-2"))
            .append("params", new Document("delay", 0).append("text", "hello"))
            .append("attempt", 0);
    int compact = written(new DocumentType(), task).remaining();
    int serialized = written(new ObjectDataType(), task).remaining();
    assertThat(compact).isLessThan(serialized / 3);
  }

  @Test
  void valuesTheDefaultTypeWroteReadUnchanged() {
    ObjectDataType stock = new ObjectDataType();
    for (Object value : List.of(everyType(2), "an id", 42L, new Document())) {
      assertThat(comparable(new DocumentType().read(written(stock, value))))
          .isEqualTo(comparable(value));
    }
  }

  @Test
  void aMapTheDefaultTypeWroteOpensReadsAndGrows() {
    String file = dir.resolve("plain.mv").toString();
    List<Document> old = new ArrayList<>();
    MVStore store = MVStore.open(file);
    MVMap<Object, Document> plain = store.openMap("databases.t.tasks");
    for (int i = 0; i < 200; i++) {
      old.add(everyType(i));
      plain.put("task-" + i, old.get(i));
    }
    store.close();

    store = MVStore.open(file);
    MVMap<Object, Document> typed = documents(store);
    for (Document doc : old) {
      assertThat(comparable(typed.get(doc.get("_id")))).isEqualTo(comparable(doc));
    }
    for (int i = 200; i < 300; i++) {
      typed.put("task-" + i, everyType(i));
    }
    typed.put("task-0", new Document("_id", "task-0").append("rewritten", true));
    store.close();

    store = MVStore.open(file);
    typed = documents(store);
    assertThat(typed.sizeAsLong()).isEqualTo(300);
    assertThat(typed.get("task-0"))
        .isEqualTo(new Document("_id", "task-0").append("rewritten", true));
    for (int i = 1; i < 300; i++) {
      Document doc = typed.get("task-" + i);
      assertThat(doc.get("int")).isEqualTo(i);
      if (i < 200) {
        assertThat(comparable(doc)).isEqualTo(comparable(old.get(i)));
      }
    }
    store.close();
  }

  /**
   * The value with MinKey and MaxKey as their names: they have no equals, and Java serialization
   * (the default type) reads back a new instance.
   */
  private static Object comparable(Object value) {
    if (value instanceof MinKey || value instanceof MaxKey) {
      return value.getClass().getSimpleName();
    } else if (value instanceof Document doc) {
      List<Object> entries = new ArrayList<>();
      doc.forEach((key, v) -> entries.add(List.of(key, String.valueOf(comparable(v)))));
      return entries;
    } else if (value instanceof List<?> list) {
      return list.stream().map(v -> String.valueOf(comparable(v))).toList();
    }
    return value;
  }

  private static MVMap<Object, Document> documents(MVStore store) {
    return store.openMap(
        "databases.t.tasks", new MVMap.Builder<Object, Document>().valueType(new DocumentType()));
  }

  @Test
  void aStockServerFileOpensInThisServerAndKeepsEveryDocument() {
    String file = dir.resolve("stock.mv").toString();
    List<org.bson.Document> docs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      docs.add(
          new org.bson.Document("_id", "task-" + i)
              .append("n", i)
              .append("big", 1L << 40)
              .append("when", new Date(1_700_000_000_000L + i))
              .append("oid", new org.bson.types.ObjectId())
              .append("bin", new Binary(new byte[] {(byte) i}))
              .append("tags", List.of("a", "b"))
              .append("sub", new org.bson.Document("x", 1.5)));
    }
    MongoServer stock = new MongoServer(new H2Backend(file));
    stock.bind("127.0.0.1", 0);
    try (MongoClient client = MongoClients.create(stock.getConnectionString())) {
      tasks(client).insertMany(docs.subList(0, 25));
    } finally {
      stock.shutdownNow();
    }
    try (EmbeddedMongo server = EmbeddedMongo.start(file, 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      assertThat(all(tasks(client))).isEqualTo(docs.subList(0, 25));
      tasks(client).insertMany(docs.subList(25, 50));
    }
    try (EmbeddedMongo server = EmbeddedMongo.start(file, 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      assertThat(all(tasks(client))).isEqualTo(docs);
    }
  }

  @Test
  void everyCollectionOfTheServerStoresItsDocumentsWithIt() {
    MVStore store = MVStore.open(null);
    MongoServer server = new MongoServer(new IndexedH2Backend(store));
    server.bind("127.0.0.1", 0);
    try (MongoClient client = MongoClients.create(server.getConnectionString())) {
      tasks(client).insertOne(new org.bson.Document("_id", "a"));
      client.getDatabase("other").getCollection("items").insertOne(new org.bson.Document());
      List<String> dataMaps =
          store.getMapNames().stream().filter(name -> name.startsWith("databases.")).toList();
      assertThat(dataMaps).contains("databases.t.tasks", "databases.other.items");
      for (String name : dataMaps) {
        assertThat(store.openMap(name).getValueType()).as(name).isInstanceOf(DocumentType.class);
      }
    } finally {
      server.shutdownNow();
    }
  }

  private static MongoCollection<org.bson.Document> tasks(MongoClient client) {
    return client.getDatabase("t").getCollection("tasks");
  }

  private static List<org.bson.Document> all(MongoCollection<org.bson.Document> tasks) {
    return tasks.find().sort(new org.bson.Document("n", 1)).into(new ArrayList<>());
  }
}
