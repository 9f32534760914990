package dev.taskmill.health;

import com.mongodb.client.MongoClient;
import dev.taskmill.mongo.EmbeddedMongoStarter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when MongoDB answers a real {@code ping}. */
@Readiness
@ApplicationScoped
public class MongoReadiness implements HealthCheck {

  private final MongoClient client;
  private final String database;
  private final Instance<EmbeddedMongoStarter> embedded;

  MongoReadiness(
      MongoClient client,
      @ConfigProperty(name = "quarkus.mongodb.database") String database,
      Instance<EmbeddedMongoStarter> embedded) {
    this.client = client;
    this.database = database;
    this.embedded = embedded;
  }

  @Override
  public HealthCheckResponse call() {
    var response =
        HealthCheckResponse.named("mongodb")
            .withData("database", database)
            .withData("embedded", embedded.isResolvable() && embedded.get().isRunning());
    try {
      long start = System.nanoTime();
      client.getDatabase(database).runCommand(new Document("ping", 1));
      return response.withData("pingMillis", (System.nanoTime() - start) / 1_000_000).up().build();
    } catch (RuntimeException e) {
      return response.withData("error", String.valueOf(e.getMessage())).down().build();
    }
  }
}
