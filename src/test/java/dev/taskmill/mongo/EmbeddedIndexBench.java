package dev.taskmill.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Prints how long task-shaped queries take on the embedded server with and without secondary
 * indexes; measures, asserts nothing. Run by {@code scripts/bench-embedded-index} ({@code --memory}
 * for the in-memory backend, {@code --tasks N}, {@code --runs N}); the default is the durable H2
 * file the service uses.
 */
public final class EmbeddedIndexBench {

  private static final String[] STATUSES = {
    "SUCCEEDED",
    "SUCCEEDED",
    "SUCCEEDED",
    "SUCCEEDED",
    "SUCCEEDED",
    "SUCCEEDED",
    "SUCCEEDED",
    "QUEUED",
    "QUEUED",
    "RUNNING",
    "FAILED",
    "FAILED",
    "QUEUED",
    "SUCCEEDED",
    "CANCELLED",
    "QUEUED",
    "SUCCEEDED",
    "SUCCEEDED",
    "SUCCEEDED",
    "SUCCEEDED"
  };
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private EmbeddedIndexBench() {}

  public static void main(String[] args) throws Exception {
    List<String> options = Arrays.asList(args);
    boolean memory = options.contains("--memory");
    int tasks = intOption(options, "--tasks", 100_000);
    int runs = intOption(options, "--runs", 50);
    int plainRuns = Math.max(3, runs / 10);
    Path dir = Files.createTempDirectory("taskmill-index-bench");
    String file = memory ? "memory" : dir.resolve("bench.mv").toString();
    try (EmbeddedMongo server = EmbeddedMongo.start(file, 0);
        MongoClient client = MongoClients.create(server.connectionString())) {
      MongoCollection<Document> indexed = client.getDatabase("bench").getCollection("tasks");
      MongoCollection<Document> plain = client.getDatabase("bench").getCollection("plain");
      indexed.createIndex(
          Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("createdAt")));
      indexed.createIndex(Indexes.descending("createdAt"));
      indexed.createIndex(Indexes.ascending("owner", "status"));
      indexed.createIndex(
          Indexes.compoundIndex(
              Indexes.ascending("status"),
              Indexes.descending("priority"),
              Indexes.ascending("queuedAt")));
      long start = System.nanoTime();
      long cpu = cpuNanos();
      fill(indexed, tasks);
      long indexedLoad = System.nanoTime() - start;
      long indexedCpu = cpuNanos() - cpu;
      start = System.nanoTime();
      cpu = cpuNanos();
      fill(plain, tasks);
      long plainLoad = System.nanoTime() - start;
      long plainCpu = cpuNanos() - cpu;
      System.out.printf(
          "backend: %s; %,d tasks; insert (batches of 1,000): %.1f s (%.1f s CPU) with 4 indexes,"
              + " %.1f s (%.1f s CPU) without%n",
          memory ? "in memory" : "durable H2 file",
          tasks,
          indexedLoad / 1e9,
          indexedCpu / 1e9,
          plainLoad / 1e9,
          plainCpu / 1e9);
      System.out.println(
          "| query | with indexes: p50 / p95 (CPU per call), ms | without: p50 / p95 (CPU per"
              + " call), ms | docs loaded with / without |");
      System.out.println("|---|---|---|---|");
      IndexedH2Collection indexedStore = server.collection("bench", "tasks");
      IndexedH2Collection plainStore = server.collection("bench", "plain");
      for (Map.Entry<String, java.util.function.Function<MongoCollection<Document>, Object>> query :
          queries().entrySet()) {
        long readBefore = indexedStore.documentsRead();
        long callCpu = cpuNanos();
        double[] with = time(() -> query.getValue().apply(indexed), runs);
        double cpuWith = (cpuNanos() - callCpu) / 1e6 / (runs + 3);
        long readWith = (indexedStore.documentsRead() - readBefore) / (runs + 3);
        readBefore = plainStore.documentsRead();
        callCpu = cpuNanos();
        double[] without = time(() -> query.getValue().apply(plain), plainRuns);
        double cpuWithout = (cpuNanos() - callCpu) / 1e6 / (plainRuns + 3);
        long readWithout = (plainStore.documentsRead() - readBefore) / (plainRuns + 3);
        System.out.printf(
            "| %s | %.1f / %.1f (%.1f) | %.0f / %.0f (%.0f) | %,d / %,d |%n",
            query.getKey(),
            with[0],
            with[1],
            cpuWith,
            without[0],
            without[1],
            cpuWithout,
            readWith,
            readWithout);
      }
    }
    if (!memory) {
      // A restart: the file opens, and the first query builds the indexes from the documents.
      long start = System.nanoTime();
      try (EmbeddedMongo server = EmbeddedMongo.start(file, 0);
          MongoClient client = MongoClients.create(server.connectionString())) {
        double open = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        client.getDatabase("bench").getCollection("plain").countDocuments(Filters.eq("owner", "x"));
        double scan = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        queries()
            .values()
            .iterator()
            .next()
            .apply(client.getDatabase("bench").getCollection("tasks"));
        System.out.printf(
            "reopening the file (%,d tasks with 4 indexes + %,d without): open %.1f s; then a first"
                + " scan of the unindexed collection %.1f s; then the first indexed query (builds"
                + " the 4 indexes) %.1f s%n",
            tasks, tasks, open, scan, (System.nanoTime() - start) / 1e9);
      }
    }
    cleanUp(dir);
  }

  private static void cleanUp(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path path : files.toList()) {
        Files.delete(path);
      }
    }
    Files.delete(dir);
  }

  private static Map<String, java.util.function.Function<MongoCollection<Document>, Object>>
      queries() {
    Map<String, java.util.function.Function<MongoCollection<Document>, Object>> queries =
        new LinkedHashMap<>();
    queries.put(
        "find status=QUEUED sort createdAt desc limit 20",
        tasks ->
            tasks
                .find(Filters.eq("status", "QUEUED"))
                .sort(Sorts.descending("createdAt"))
                .limit(20)
                .into(new ArrayList<>()));
    queries.put(
        "find all sort createdAt desc limit 20",
        tasks ->
            tasks.find().sort(Sorts.descending("createdAt")).limit(20).into(new ArrayList<>()));
    queries.put(
        "find owner=o7 and status=RUNNING (all ~100)",
        tasks ->
            tasks
                .find(Filters.and(Filters.eq("owner", "o7"), Filters.eq("status", "RUNNING")))
                .into(new ArrayList<>()));
    Bson claimable =
        Filters.and(
            Filters.eq("status", "QUEUED"),
            Filters.or(Filters.eq("notBefore", null), Filters.lte("notBefore", new Date())));
    queries.put(
        "claim: findOneAndUpdate status=QUEUED, notBefore null or past, sort priority desc,"
            + " queuedAt asc",
        tasks ->
            tasks.findOneAndUpdate(
                claimable,
                Updates.set("status", "RUNNING"),
                new FindOneAndUpdateOptions()
                    .sort(
                        Sorts.orderBy(Sorts.descending("priority"), Sorts.ascending("queuedAt")))));
    queries.put(
        "countDocuments status=SUCCEEDED",
        tasks -> tasks.countDocuments(Filters.eq("status", "SUCCEEDED")));
    return queries;
  }

  private static void fill(MongoCollection<Document> tasks, int count) {
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String status = STATUSES[i % STATUSES.length];
      Document task =
          new Document("_id", String.format("task-%07d", i))
              .append("module", "mod" + (i % 12))
              .append("label", "task number " + i)
              .append("status", status)
              .append("owner", status.equals("QUEUED") ? null : "o" + (i % 47))
              .append("priority", i % 3)
              .append("attempt", 1)
              .append("createdAt", Date.from(T0.plusSeconds(i)))
              .append("queuedAt", Date.from(T0.plusSeconds(i + 1)))
              .append("notBefore", i % 10 == 0 ? Date.from(T0.plusSeconds(i + 60)) : null)
              .append("params", new Document("inputs", List.of("data-" + i)).append("n", i));
      batch.add(task);
      if (batch.size() == 1000) {
        tasks.insertMany(batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      tasks.insertMany(batch);
    }
  }

  /** p50 and p95 in milliseconds of {@code runs} calls, after three warm-up calls. */
  private static double[] time(Supplier<Object> call, int runs) {
    for (int i = 0; i < 3; i++) {
      call.get();
    }
    double[] millis = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      call.get();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return new double[] {
      millis[runs / 2], millis[Math.min(runs - 1, (int) Math.ceil(runs * 0.95) - 1)]
    };
  }

  /** CPU time of this process (client and server threads): less skewed by a loaded machine. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static int intOption(List<String> options, String name, int fallback) {
    int at = options.indexOf(name);
    return at >= 0 && at + 1 < options.size() ? Integer.parseInt(options.get(at + 1)) : fallback;
  }
}
