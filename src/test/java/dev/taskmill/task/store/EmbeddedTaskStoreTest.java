package dev.taskmill.task.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bson.codecs.configuration.CodecRegistries.fromProviders;
import static org.bson.codecs.configuration.CodecRegistries.fromRegistries;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.taskmill.mongo.EmbeddedMongo;
import dev.taskmill.task.model.Task;
import dev.taskmill.testing.SettableClock;
import java.util.ArrayList;
import org.bson.Document;
import org.bson.codecs.pojo.PojoCodecProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on the embedded server in plain Java: no Quarkus, the store built from a collection
 * whose codec maps {@link Task} like Quarkus does (the driver's POJO codec).
 */
class EmbeddedTaskStoreTest extends TaskStoreContract {

  private static EmbeddedMongo server;
  private static MongoClient client;

  @BeforeAll
  static void startServer() {
    server = EmbeddedMongo.start("memory", 0);
    client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .codecRegistry(
                    fromRegistries(
                        MongoClientSettings.getDefaultCodecRegistry(),
                        fromProviders(PojoCodecProvider.builder().automatic(true).build())))
                .build());
  }

  @AfterAll
  static void stopServer() {
    client.close();
    server.close();
  }

  @Override
  protected TaskStore emptyStore(SettableClock clock) {
    MongoCollection<Task> tasks = client.getDatabase("contract").getCollection("tasks", Task.class);
    tasks.deleteMany(new Document());
    TaskStoreIndexes.create(tasks);
    return new MongoTaskStore(tasks, clock);
  }

  @Test
  void theSideCollectionsOfEarlierVersionsAreDroppedAndTheTasksKept() {
    MongoDatabase database = client.getDatabase("legacy");
    database.getCollection("task_queue").insertOne(new Document("_id", "t1"));
    database.getCollection("task_counts").insertOne(new Document("_id", "QUEUED").append("n", 1));
    database.getCollection("tasks").insertOne(new Document("_id", "t1").append("status", "QUEUED"));
    MongoCollection<Task> tasks = database.getCollection("tasks", Task.class);
    TaskStoreIndexes.dropLegacy(database, tasks);
    TaskStoreIndexes.dropLegacy(database, tasks);
    assertThat(database.listCollectionNames().into(new ArrayList<>())).containsExactly("tasks");
    assertThat(tasks.countDocuments()).isOne();
  }
}
