package dev.taskmill.auth;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.taskmill.failure.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * What an admin sets per user for retention: a storage quota and a default time to live, both
 * absent unless set. Kept on the user's document. Read on every upload and create, so each instance
 * keeps what it read for {@link #FRESH_FOR}: a change made on another instance counts there within
 * that time, on this one at once.
 */
@ApplicationScoped
public class UserSettings {

  /** How long a read setting is used before it is read again. */
  static final Duration FRESH_FOR = Duration.ofSeconds(10);

  public static final String QUOTA = "storageQuotaBytes";
  public static final String DEFAULT_TTL = "defaultTtlSeconds";

  /** A user's settings; null fields are not set. */
  public record Settings(Long storageQuotaBytes, Long defaultTtlSeconds) {
    static final Settings NONE = new Settings(null, null);
  }

  /**
   * A change of settings: {@code set} fields get a value, {@code cleared} ones are removed; a field
   * in neither stays as it is.
   */
  public record Change(Map<String, Long> set, List<String> cleared) {}

  private record Cached(Settings settings, Instant until) {}

  private final Clock clock;
  private final MongoDatabase database;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  UserSettings(Clock clock, MongoDatabase database) {
    this.clock = clock;
    this.database = database;
  }

  private MongoCollection<Document> collection() {
    return database.getCollection(Users.COLLECTION);
  }

  /** The settings of the user with id {@code userId}; none for an unknown user. */
  public Settings of(String userId) {
    Instant now = clock.instant();
    Cached cached = cache.get(userId);
    if (cached != null && now.isBefore(cached.until())) {
      return cached.settings();
    }
    Settings settings =
        Optional.ofNullable(collection().find(Filters.eq("userId", userId)).first())
            .map(UserSettings::settings)
            .orElse(Settings.NONE);
    cache.put(userId, new Cached(settings, now.plus(FRESH_FOR)));
    return settings;
  }

  /** Every user's settings by user id (a listing of users shows them). */
  public Map<String, Settings> all() {
    Map<String, Settings> all = new java.util.HashMap<>();
    for (Document doc : collection().find()) {
      all.put(doc.getString("userId"), settings(doc));
    }
    return all;
  }

  /**
   * Applies {@code change} to the user with id {@code userId}.
   *
   * @return the user's settings afterwards
   * @throws NotFound when there is no such user
   */
  public Settings change(String userId, Change change) {
    List<Bson> updates = new ArrayList<>();
    change.set().forEach((field, value) -> updates.add(Updates.set(field, value)));
    change.cleared().forEach(field -> updates.add(Updates.unset(field)));
    Bson filter = Filters.eq("userId", userId);
    Document after =
        updates.isEmpty()
            ? collection().find(filter).first()
            : collection()
                .findOneAndUpdate(
                    filter,
                    Updates.combine(updates),
                    new com.mongodb.client.model.FindOneAndUpdateOptions()
                        .returnDocument(com.mongodb.client.model.ReturnDocument.AFTER));
    if (after == null) {
      throw NotFound.of("user", userId);
    }
    Settings settings = settings(after);
    cache.put(userId, new Cached(settings, clock.instant().plus(FRESH_FOR)));
    return settings;
  }

  private static Settings settings(Document doc) {
    return new Settings(number(doc.get(QUOTA)), number(doc.get(DEFAULT_TTL)));
  }

  private static Long number(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }
}
