package dev.taskmill.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.concurrent.CountDownLatch;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * The embedded MongoDB-wire server (mongo-java-server, H2 file) as a process of its own, for
 * scripts that share one database between several Taskmill instances and stop it on purpose ({@code
 * scripts/chaos}). Not used by the service. Run with the service's class path, {@code java -cp
 * "target/quarkus-app/app/*:target/quarkus-app/lib/main/*:target/quarkus-app/lib/boot/*"
 * dev.taskmill.mongo.StandaloneMongo ...}:
 *
 * <ul>
 *   <li>{@code serve <file> <port>}: listens on 127.0.0.1:{@code port}, prints {@code ready <port>}
 *       once it does, and on SIGTERM closes the H2 file cleanly (every acknowledged write kept), so
 *       a restart on the same file and port finds all the data.
 *   <li>{@code dump <connection string> <database> <collection>...}: prints every document of each
 *       collection as one line of relaxed extended JSON, {@code {"collection": ..., "doc": ...}},
 *       so a stdlib-only script can check what is stored.
 * </ul>
 */
public final class StandaloneMongo {

  private StandaloneMongo() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length == 3 && args[0].equals("serve")) {
      serve(args[1], Integer.parseInt(args[2]));
    } else if (args.length >= 4 && args[0].equals("dump")) {
      dump(args);
    } else {
      System.err.println(
          "usage: StandaloneMongo serve <data file> <port>\n"
              + "       StandaloneMongo dump <connection string> <database> <collection>...");
      System.exit(2);
    }
  }

  private static void serve(String file, int port) throws InterruptedException {
    EmbeddedMongo server = EmbeddedMongo.start(file, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  System.out.println("stopped");
                  System.out.flush();
                  stopped.countDown();
                },
                "standalone-mongo-stop"));
    System.out.println("ready " + server.port());
    System.out.flush();
    stopped.await();
  }

  private static void dump(String[] args) {
    JsonWriterSettings json = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    try (MongoClient client = MongoClients.create(args[1])) {
      MongoDatabase db = client.getDatabase(args[2]);
      for (int i = 3; i < args.length; i++) {
        for (Document doc : db.getCollection(args[i]).find()) {
          Document line = new Document("collection", args[i]).append("doc", doc);
          System.out.println(line.toJson(json));
        }
      }
    }
  }
}
