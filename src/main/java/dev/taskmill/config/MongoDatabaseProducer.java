package dev.taskmill.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Taskmill's database ({@code quarkus.mongodb.database}) as a bean, so that a class working on a
 * collection of its own is handed the database instead of reaching for it through an entity's
 * static {@code mongoDatabase()}.
 */
@ApplicationScoped
public class MongoDatabaseProducer {

  @Produces
  @ApplicationScoped
  MongoDatabase database(
      MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String name) {
    return client.getDatabase(name);
  }
}
