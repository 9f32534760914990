package dev.taskmill.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;

/**
 * Prints the CPU time and file size of storing task-shaped documents and their {@code _id} index
 * entries in an H2 file, committed every 20 puts: H2's default bytes (as before) against {@link
 * DocumentType} and {@link UniqueKeyType}'s compact form, alternating, in one JVM; measures,
 * asserts nothing. Run: {@code java -cp target/test-classes:target/classes:<test classpath>
 * dev.taskmill.mongo.DocumentTypeBench [documents] [rounds]}.
 */
public final class DocumentTypeBench {

  private DocumentTypeBench() {}

  public static void main(String[] args) throws Exception {
    int documents = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < rounds; round++) {
      for (boolean compact : new boolean[] {false, true}) {
        Path dir = Files.createTempDirectory("document-type-bench");
        Path file = dir.resolve("db.mv");
        long cpu = threads.getCurrentThreadCpuTime();
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        MVMap<Object, Document> map =
            store.openMap(
                "databases.t.tasks",
                new MVMap.Builder<Object, Document>()
                    .valueType(compact ? new DocumentType() : new ObjectDataType()));
        MVMap<KeyValue, Object> ids =
            store.openMap(
                "t.tasks._index__id_",
                new MVMap.Builder<KeyValue, Object>()
                    .keyType(compact ? new UniqueKeyType() : new StockKeyBytes()));
        for (int i = 0; i < documents; i++) {
          String id = UUID.randomUUID().toString();
          map.put(id, task(i));
          ids.put(new KeyValue(id), id);
          if (i % 20 == 19) {
            store.commit();
          }
        }
        store.close();
        double ms = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
        System.out.printf(
            "round %d %-8s %,d documents: %,.0f ms CPU, %,.1f µs/document, file %,d KiB%n",
            round,
            compact ? "compact" : "default",
            documents,
            ms,
            ms * 1000 / documents,
            Files.size(file) / 1024);
        Files.delete(file);
        Files.delete(dir);
      }
    }
  }

  /** The unique index key type as it was: its order, H2's default bytes. */
  private static final class StockKeyBytes extends ObjectDataType {
    private final UniqueKeyType order = new UniqueKeyType();

    @Override
    public int compare(Object a, Object b) {
      return order.compare(a, b);
    }
  }

  /** About what the service stores for a queued task. */
  private static Document task(int i) {
    List<Object> inputs = new ArrayList<>(List.of(UUID.randomUUID().toString()));
    return new Document("_id", "task-" + i)
        .append("module", "noop")
        .append("moduleVersion", "1.0.0")
        .append("status", "QUEUED")
        .append("priority", 0)
        .append("params", new Document("text", "hello " + i).append("delayMs", 0))
        .append("inputs", new Document("text", inputs))
        .append("outputs", new Document("text", UUID.randomUUID().toString()))
        .append("attempt", 0L)
        .append("maxAttempts", 3)
        .append("createdAt", Instant.now())
        .append("updatedAt", Instant.now())
        .append("createdBy", "bench")
        .append("labels", List.of("bench", "noop"));
  }
}
