package dev.taskmill.task.view;

import static org.bson.codecs.configuration.CodecRegistries.fromProviders;
import static org.bson.codecs.configuration.CodecRegistries.fromRegistries;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.taskmill.mongo.EmbeddedMongo;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.store.MongoTaskStore;
import dev.taskmill.task.store.TaskStoreIndexes;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bson.codecs.pojo.PojoCodecProvider;
import org.bson.types.ObjectId;

/**
 * What one Prometheus scrape of the per-pool gauges costs with many QUEUED tasks: the read of the
 * backlog (what a scrape after the cache interval pays) and a scrape served from the cached read.
 * On the embedded server with its durable H2 file, as a single instance runs. Prints, never
 * asserts.
 *
 * <p>{@code scripts/bench-backlog [--tasks 10000] [--runs 20]}
 */
public final class BacklogBench {

  private BacklogBench() {}

  public static void main(String[] args) throws Exception {
    int tasks = intArg(args, "--tasks", 10_000);
    int runs = intArg(args, "--runs", 20);
    Path dir = Files.createTempDirectory("taskmill-backlog-bench");
    try (EmbeddedMongo server = EmbeddedMongo.start(dir.resolve("db.mv").toString(), 0);
        MongoClient client =
            MongoClients.create(
                MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(server.connectionString()))
                    .codecRegistry(
                        fromRegistries(
                            MongoClientSettings.getDefaultCodecRegistry(),
                            fromProviders(PojoCodecProvider.builder().automatic(true).build())))
                    .build())) {
      MongoCollection<Task> collection =
          client.getDatabase("bench").getCollection("tasks", Task.class);
      TaskStoreIndexes.create(collection);
      MongoTaskStore store = new MongoTaskStore(collection, Clock.systemUTC());
      List<Task> batch = new ArrayList<>();
      Instant now = Instant.now();
      for (int i = 0; i < tasks; i++) {
        Task task = new Task();
        task.id = new ObjectId().toHexString();
        task.module = "module-" + (i % 8);
        task.needs = i % 4 == 0 ? List.of("gpu") : List.of();
        task.status = TaskStatus.QUEUED;
        task.owner = "user-" + (i % 5);
        task.createdAt = now;
        task.queuedAt = now.minusMillis(i);
        task.params = "{\"text\":\"" + "x".repeat(200) + "\"}";
        batch.add(task);
      }
      collection.insertMany(batch);

      long[] reads = new long[runs];
      for (int i = -3; i < runs; i++) { // three warm-up reads
        long t0 = System.nanoTime();
        store.backlog();
        if (i >= 0) {
          reads[i] = System.nanoTime() - t0;
        }
      }
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new BacklogMetrics(registry, store, Clock.systemUTC());
      registry.scrape(); // the first read, and the groups' gauges registered
      long[] cached = new long[runs];
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        registry.scrape();
        cached[i] = System.nanoTime() - t0;
      }
      System.out.printf(
          "%,d QUEUED tasks (8 modules, 2 label sets), %d runs%n"
              + "backlog read (a scrape after the %d s cache): median %.1f ms, max %.1f ms%n"
              + "scrape served from the cached read: median %.2f ms%n",
          tasks,
          runs,
          BacklogMetrics.CACHE.toSeconds(),
          median(reads) / 1e6,
          Arrays.stream(reads).max().orElse(0) / 1e6,
          median(cached) / 1e6);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
