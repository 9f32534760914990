package dev.taskmill.auth;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.taskmill.api.ProblemException;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.jboss.logging.Logger;

/** Creates, lists, revokes and checks API keys; makes sure a first admin key exists. */
@ApplicationScoped
public class ApiKeys {

  private static final Logger LOG = Logger.getLogger(ApiKeys.class);
  private static final String PREFIX = "tm_";
  private static final int MAX_KEY_LENGTH = 512;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int BOOTSTRAP_ATTEMPTS = 3;
  private static final long BOOTSTRAP_RETRY_PAUSE_MS = 1000;

  /** A new key, whose secret is shown this once. */
  public record Issued(ApiKey key, String secret) {}

  private record Cached(Optional<Caller> caller, Instant until) {}

  private final TaskmillConfig config;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  ApiKeys(TaskmillConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
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
      ApiKey.mongoDatabase()
          .getCollection("auth_state")
          .insertOne(new Document("_id", "first-admin-key").append("at", clock.instant()));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return;
      }
      throw e;
    }
    Issued first = create("admin", Role.ADMIN, "first admin key (generated)", "taskmill");
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
    // Upsert without touching an existing document: a revoked bootstrap key stays revoked.
    ApiKey.mongoCollection()
        .updateOne(
            Filters.eq("_id", hash(secret)),
            Updates.combine(
                Updates.setOnInsert("keyId", "bootstrap"),
                Updates.setOnInsert("user", "admin"),
                Updates.setOnInsert("role", Role.ADMIN.name()),
                Updates.setOnInsert("name", "bootstrap key (TASKMILL_BOOTSTRAP_ADMIN_KEY)"),
                Updates.setOnInsert("createdAt", clock.instant()),
                Updates.setOnInsert("createdBy", "taskmill")),
            new com.mongodb.client.model.UpdateOptions().upsert(true));
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

  /** Creates a key for {@code user}; the secret is returned only here. */
  public Issued create(String user, Role role, String name, String createdBy) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String keyId = HexFormat.of().formatHex(random, 0, 4);
    String secret =
        PREFIX
            + keyId
            + "_"
            + Base64.getUrlEncoder().withoutPadding().encodeToString(random).substring(0, 40);
    ApiKey key = new ApiKey();
    key.id = hash(secret);
    key.keyId = keyId;
    key.user = user;
    key.role = role;
    key.name = name;
    key.createdAt = clock.instant();
    key.createdBy = createdBy;
    key.persist();
    return new Issued(key, secret);
  }

  /** Every key, newest first; secrets are never stored, so never shown. */
  public List<ApiKey> list() {
    List<ApiKey> keys = new ArrayList<>(ApiKey.<ApiKey>listAll());
    keys.sort(
        (a, b) ->
            b.createdAt == null || a.createdAt == null ? 0 : b.createdAt.compareTo(a.createdAt));
    return keys;
  }

  /**
   * Revokes the key {@code keyId}. The last active admin key cannot be revoked: nobody could manage
   * keys any more.
   */
  public ApiKey revoke(String keyId) {
    ApiKey key =
        ApiKey.<ApiKey>find("keyId", keyId)
            .firstResultOptional()
            .orElseThrow(() -> ProblemException.notFound("API key", keyId));
    if (key.revokedAt != null) {
      return key;
    }
    long activeAdmins =
        ApiKey.mongoCollection()
            .countDocuments(
                Filters.and(Filters.eq("role", Role.ADMIN.name()), Filters.eq("revokedAt", null)));
    if (key.role == Role.ADMIN && activeAdmins <= 1) {
      throw ProblemException.conflict(
          "Key '" + keyId + "' is the last active admin key; create another admin key first.");
    }
    ApiKey.mongoCollection()
        .updateOne(Filters.eq("_id", key.id), Updates.set("revokedAt", clock.instant()));
    key.revokedAt = clock.instant();
    cache.remove(key.id);
    return key;
  }

  /** The caller a presented key stands for, or empty when it is unknown or revoked. */
  public Optional<Caller> authenticate(String secret) {
    if (secret == null || secret.isEmpty() || secret.length() > MAX_KEY_LENGTH) {
      return Optional.empty();
    }
    String id = hash(secret);
    Instant now = clock.instant();
    Cached cached = cache.get(id);
    if (cached != null && now.isBefore(cached.until())) {
      return cached.caller();
    }
    Optional<Caller> caller =
        ApiKey.<ApiKey>findByIdOptional(id)
            .filter(k -> k.revokedAt == null && k.role != null && k.user != null)
            .map(k -> new Caller(k.user, k.role, k.keyId));
    if (cache.size() > 10_000) {
      cache.clear();
    }
    cache.put(id, new Cached(caller, now.plus(config.auth().cacheTtl())));
    return caller;
  }

  static String hash(String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
