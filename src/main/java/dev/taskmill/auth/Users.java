package dev.taskmill.auth;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The users keys belong to. A user is a name bound once and for good to a random id and a role;
 * everything a user creates is owned by the id, so no name (not even one that looks like an id) can
 * stand for someone else.
 *
 * <p>The name is the document's {@code _id}: the one uniqueness every backend enforces (FerretDB
 * 1.x and the embedded server keep no other index reliably), and a name is looked up by one {@code
 * _id} read. Creating a user is a plain insert; the loser of two racing inserts of one name reads
 * the winner's document, so both end up with the same id.
 */
@ApplicationScoped
public class Users {

  static final String COLLECTION = "users";
  private static final String USER_ID = "userId";
  private static final String MAX_CONCURRENT_TASKS = "maxConcurrentTasks";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  /**
   * A user: {@code id} owns things, {@code name} is what people read; {@code maxConcurrentTasks},
   * set by an admin, caps how many of the user's tasks run at once (null: no cap of their own).
   */
  public record User(
      String id, String name, Role role, Instant createdAt, Integer maxConcurrentTasks) {}

  /** The user a name stands for, and whether this call created it. */
  public record Resolved(User user, boolean created) {}

  /** The name is taken by a user with another role. */
  public static final class RoleConflict extends RuntimeException {
    private final transient User existing;

    RoleConflict(User existing) {
      super("user '" + existing.name() + "' exists with role " + existing.role().wire());
      this.existing = existing;
    }

    public User existing() {
      return existing;
    }
  }

  private final Clock clock;
  private final MongoDatabase database;

  Users(Clock clock, MongoDatabase database) {
    this.clock = clock;
    this.database = database;
  }

  private MongoCollection<Document> collection() {
    return database.getCollection(COLLECTION);
  }

  /** The user named {@code name}, if any. */
  public Optional<User> byName(String name) {
    return Optional.ofNullable(collection().find(Filters.eq("_id", name)).first()).map(Users::of);
  }

  /** The user whose id is {@code id}, if any (a scan: users are few, and this is rare). */
  public Optional<User> byId(String id) {
    return Optional.ofNullable(collection().find(Filters.eq(USER_ID, id)).first()).map(Users::of);
  }

  /**
   * Sets (or, with null, removes) the cap on how many of the user's tasks run at once.
   *
   * @return the user after the change; empty when there is no user {@code id}
   */
  public Optional<User> setMaxConcurrentTasks(String id, Integer max) {
    Bson change =
        max == null ? Updates.unset(MAX_CONCURRENT_TASKS) : Updates.set(MAX_CONCURRENT_TASKS, max);
    collection().updateOne(Filters.eq(USER_ID, id), change);
    return byId(id);
  }

  /** The caps of the users who have one: user id → the most of their tasks that run at once. */
  public Map<String, Integer> concurrencyCaps() {
    Map<String, Integer> caps = new HashMap<>();
    collection()
        .find(Filters.exists(MAX_CONCURRENT_TASKS))
        .projection(Projections.include(USER_ID, MAX_CONCURRENT_TASKS))
        .forEach(
            doc -> {
              Number max = doc.get(MAX_CONCURRENT_TASKS, Number.class);
              if (max != null) {
                caps.put(doc.getString(USER_ID), max.intValue());
              }
            });
    return caps;
  }

  /** Every user, by name. */
  public List<User> list() {
    List<User> users = new ArrayList<>();
    for (Document doc : collection().find()) {
      users.add(of(doc));
    }
    users.sort((a, b) -> a.name().compareTo(b.name()));
    return users;
  }

  /**
   * The user named {@code name}, created with {@code role} if the name is new.
   *
   * @throws RoleConflict when the name belongs to a user with another role
   */
  public Resolved findOrCreate(String name, Role role) {
    Resolved resolved = findOrCreateAnyRole(name, role);
    if (resolved.user().role() != role) {
      throw new RoleConflict(resolved.user());
    }
    return resolved;
  }

  /**
   * The user named {@code name} whatever its role; created with {@code role} if the name is new.
   */
  Resolved findOrCreateAnyRole(String name, Role role) {
    Optional<User> existing = byName(name);
    if (existing.isPresent()) {
      return new Resolved(existing.get(), false);
    }
    User fresh = new User(newId(), name, role, clock.instant(), null);
    try {
      collection()
          .insertOne(
              new Document("_id", fresh.name())
                  .append("userId", fresh.id())
                  .append("role", role.name())
                  .append("createdAt", java.util.Date.from(fresh.createdAt())));
      return new Resolved(fresh, true);
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      // Another request or instance created the name between our read and insert: theirs counts.
      return new Resolved(
          byName(name).orElseThrow(() -> new IllegalStateException("user " + name + " vanished")),
          false);
    } catch (RuntimeException e) {
      // FerretDB answers a duplicate _id with a reply the driver cannot read
      // (docs/decisions.md, Backends): if the name now exists, the other insert won.
      Optional<User> winner = byName(name);
      if (winner.isPresent()) {
        return new Resolved(winner.get(), false);
      }
      throw e;
    }
  }

  /**
   * The first of {@code base}, {@code base-2}, {@code base-3}, ... that is not a user yet, created
   * with {@code role}: for a key whose own name is taken by a user of another role.
   */
  User createUnderFreeName(String base, Role role) {
    String stem = base.length() > 58 ? base.substring(0, 58) : base;
    for (int n = 1; ; n++) {
      String name = n == 1 ? stem : stem + "-" + n;
      Resolved resolved = findOrCreateAnyRole(name, role);
      if (resolved.created()) {
        return resolved.user();
      }
    }
  }

  /** {@code u_} and 26 base32 letters (130 random bits): nobody can pick or guess another's id. */
  static String newId() {
    byte[] bytes = new byte[17];
    RANDOM.nextBytes(bytes);
    StringBuilder id = new StringBuilder("u_");
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5 && id.length() < 28) {
        id.append(BASE32[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    return id.toString().toLowerCase(Locale.ROOT);
  }

  private static User of(Document doc) {
    java.util.Date created = doc.getDate("createdAt");
    Number max = doc.get(MAX_CONCURRENT_TASKS, Number.class);
    return new User(
        doc.getString(USER_ID),
        doc.getString("_id"),
        Role.valueOf(doc.getString("role")),
        created == null ? null : created.toInstant(),
        max == null ? null : max.intValue());
  }
}
