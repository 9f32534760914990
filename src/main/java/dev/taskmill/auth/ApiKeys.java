package dev.taskmill.auth;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.failure.Conflict;
import dev.taskmill.failure.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
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
import org.jboss.logging.Logger;

/** Creates, lists, revokes and checks API keys ({@link FirstAdminKey} makes sure one exists). */
@ApplicationScoped
public class ApiKeys {

  private static final Logger LOG = Logger.getLogger(ApiKeys.class);
  private static final String PREFIX = "tm_";
  private static final int MAX_KEY_LENGTH = 512;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new key, whose secret is shown this once; {@code newUser}: its user was created for it. */
  public record Issued(ApiKey key, String secret, boolean newUser) {}

  private record Cached(Optional<Caller> caller, Instant until) {}

  private final TaskmillConfig config;
  private final Clock clock;
  private final Users users;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  ApiKeys(TaskmillConfig config, Clock clock, Users users) {
    this.config = config;
    this.clock = clock;
    this.users = users;
  }

  /**
   * Creates a key for the user named {@code user}, creating that user with {@code role} if the name
   * is new; the secret is returned only here.
   *
   * @throws Users.RoleConflict when the name belongs to a user with another role
   */
  public Issued create(String user, Role role, String name, String createdBy) {
    Users.Resolved owner = users.findOrCreate(user, role);
    return store(owner.user(), owner.created(), role, name, createdBy);
  }

  /** Stores a new key for {@code user}; the secret is returned only here. */
  Issued store(Users.User user, boolean newUser, Role role, String name, String createdBy) {
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
    key.user = user.name();
    key.userId = user.id();
    key.role = role;
    key.name = name;
    key.createdAt = clock.instant();
    key.createdBy = createdBy;
    key.persist();
    return new Issued(key, secret, newUser);
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
            .orElseThrow(() -> NotFound.of("API key", keyId));
    if (key.revokedAt != null) {
      return key;
    }
    long activeAdmins =
        ApiKey.mongoCollection()
            .countDocuments(
                Filters.and(Filters.eq("role", Role.ADMIN.name()), Filters.eq("revokedAt", null)));
    if (key.role == Role.ADMIN && activeAdmins <= 1) {
      throw new Conflict(
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
            .map(this::withUser)
            .filter(k -> k.userId != null)
            .map(k -> new Caller(k.userId, k.user, k.role, k.keyId));
    if (cache.size() > 10_000) {
      cache.clear();
    }
    cache.put(id, new Cached(caller, now.plus(config.auth().cacheTtl())));
    return caller;
  }

  /**
   * The key with its user id. A key stored without one (by an instance of an older version during a
   * rolling upgrade) is given its user here, as {@link OwnerMigration} does at start-up.
   */
  private ApiKey withUser(ApiKey key) {
    return key.userId != null ? key : assignUser(key);
  }

  /**
   * Gives a key stored before user ids existed its user: the user of its name if that user has the
   * key's role, else (a user-role key for a name an admin holds, or the reverse) a new user under a
   * free name derived from it, so the key never acts as someone else. Conditional on the key still
   * lacking a user, so instances doing this at once agree on the first one's choice.
   */
  ApiKey assignUser(ApiKey key) {
    Users.Resolved resolved = users.findOrCreateAnyRole(key.user, key.role);
    Users.User user = resolved.user();
    if (user.role() != key.role) {
      user = users.createUnderFreeName(key.user + "-" + key.role.wire(), key.role);
      LOG.warnf(
          "API key %s was a %s key for '%s', a name that belongs to a%s user: it now acts as the"
              + " new user '%s' (%s) and owns nothing of '%s'",
          key.keyId,
          key.role.wire(),
          key.user,
          resolved.user().role() == Role.ADMIN ? "n admin" : " user-role",
          user.name(),
          user.id(),
          key.user);
    }
    ApiKey.mongoCollection()
        .updateOne(
            Filters.and(Filters.eq("_id", key.id), Filters.eq("userId", null)),
            Updates.combine(Updates.set("userId", user.id()), Updates.set("user", user.name())));
    return ApiKey.<ApiKey>findByIdOptional(key.id).orElse(key);
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
