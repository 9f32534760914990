package dev.taskmill.auth;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.taskmill.config.TaskmillConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Makes sure an admin key exists at start-up: stores the configured bootstrap key, or generates a
 * first one and writes it to a file only this user can read.
 */
@ApplicationScoped
class FirstAdminKey {

  private static final Logger LOG = Logger.getLogger(FirstAdminKey.class);
  private static final int BOOTSTRAP_ATTEMPTS = 3;
  private static final long BOOTSTRAP_RETRY_PAUSE_MS = 1000;
  private static final String BOOTSTRAP_USER = "admin";

  private final TaskmillConfig config;
  private final Clock clock;
  private final Users users;
  private final ApiKeys keys;
  private final MongoDatabase database;

  FirstAdminKey(
      TaskmillConfig config, Clock clock, Users users, ApiKeys keys, MongoDatabase database) {
    this.config = config;
    this.clock = clock;
    this.users = users;
    this.keys = keys;
    this.database = database;
  }

  /** After the database is up (priority 1), before anything serves requests. */
  void onStart(@Observes @Priority(5) StartupEvent event) {
    Optional<String> bootstrap = config.bootstrapAdminKey().filter(k -> !k.isBlank());
    if (bootstrap.isPresent()) {
      ensureBootstrapKey(bootstrap.get().strip());
      return;
    }
    if (ApiKey.count() > 0) {
      return;
    }
    // Several instances starting at once on an empty database: one conditional insert decides
    // which of them generates the first key.
    try {
      database
          .getCollection("auth_state")
          .insertOne(new Document("_id", "first-admin-key").append("at", clock.instant()));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return;
      }
      throw e;
    }
    ApiKeys.Issued first =
        keys.store(
            adminUser(BOOTSTRAP_USER),
            false,
            Role.ADMIN,
            "first admin key (generated)",
            "taskmill");
    Path file = Path.of(config.auth().adminKeyFile()).toAbsolutePath().normalize();
    writeSecret(file, first.secret());
    LOG.warnf(
        "No API key existed: generated an admin key and wrote it to %s (readable by this user"
            + " only). Send it as 'Authorization: Bearer <key>'.",
        file);
  }

  private void ensureBootstrapKey(String secret) {
    for (int attempt = 1; ; attempt++) {
      try {
        upsertBootstrapKey(secret);
        return;
      } catch (MongoException e) {
        if (e instanceof MongoWriteException w
            && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
          // Another instance starting with the same key inserted it between our match and insert.
          return;
        }
        // A transient refusal (a primary stepping down, a busy server) need not stop start-up;
        // the upsert is idempotent. Three attempts, then the start fails with the cause.
        if (attempt == BOOTSTRAP_ATTEMPTS) {
          throw e;
        }
        pauseBeforeRetry(e);
      }
    }
  }

  private static void pauseBeforeRetry(MongoException e) {
    LOG.warnf("could not store the bootstrap admin key (%s); trying again", e.getMessage());
    try {
      Thread.sleep(BOOTSTRAP_RETRY_PAUSE_MS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  private void upsertBootstrapKey(String secret) {
    if (ApiKey.findByIdOptional(ApiKeys.hash(secret)).isPresent()) {
      // Stored before (with its user, or given one by OwnerMigration): a revoked key stays revoked.
      return;
    }
    Users.User admin = adminUser(BOOTSTRAP_USER);
    // Upsert without touching an existing document: a revoked bootstrap key stays revoked.
    ApiKey.mongoCollection()
        .updateOne(
            Filters.eq("_id", ApiKeys.hash(secret)),
            Updates.combine(
                Updates.setOnInsert("keyId", "bootstrap"),
                Updates.setOnInsert("user", admin.name()),
                Updates.setOnInsert("userId", admin.id()),
                Updates.setOnInsert("role", Role.ADMIN.name()),
                Updates.setOnInsert("name", "bootstrap key (TASKMILL_BOOTSTRAP_ADMIN_KEY)"),
                Updates.setOnInsert("createdAt", clock.instant()),
                Updates.setOnInsert("createdBy", "taskmill")),
            new UpdateOptions().upsert(true));
  }

  private static void writeSecret(Path file, String secret) {
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("cannot write the admin key to " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the admin key to " + file, e);
    }
  }

  /**
   * The admin user named {@code name}; if that name already belongs to a user-role user (a database
   * from before user ids), a new admin user under a free name derived from it.
   */
  private Users.User adminUser(String name) {
    Users.Resolved resolved = users.findOrCreateAnyRole(name, Role.ADMIN);
    if (resolved.user().role() == Role.ADMIN) {
      return resolved.user();
    }
    Users.User renamed = users.createUnderFreeName(name + "-admin", Role.ADMIN);
    LOG.warnf(
        "The user name '%s' belongs to a user-role user; the bootstrap admin key acts as '%s'",
        name, renamed.name());
    return renamed;
  }
}
