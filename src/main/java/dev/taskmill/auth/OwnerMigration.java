package dev.taskmill.auth;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Moves a database from ownership by user name to ownership by user id, at every start (before any
 * request is served) until nothing is left to move.
 *
 * <p>First every key without a user id gets one ({@link ApiKeys#assignUser}), admin keys first, so
 * a name that both an admin key and a user key carried stays the admin's. Then every data item,
 * task and pipeline still owned by a name (it has no {@code ownerName} yet) is rewritten to the id
 * of that name's user, keeping the name in {@code ownerName}; a name that no key carries gets a
 * user-role user, so a later key for it finds its things as before.
 *
 * <p>Idempotent and safe when several instances start at once: a name resolves to one user whoever
 * creates it ({@link Users}), each key is given a user only while it has none, and each document is
 * rewritten only while it has no {@code ownerName}, always to the same values.
 */
@ApplicationScoped
public class OwnerMigration {

  private static final Logger LOG = Logger.getLogger(OwnerMigration.class);

  /** The collections whose documents have an {@code owner}: data items, tasks, pipelines. */
  static final List<String> OWNED = List.of("data", "tasks", "pipelines");

  /** What one run changed. */
  public record Report(int keys, Map<String, Long> documents) {}

  private final ApiKeys keys;
  private final Users users;
  private final MongoDatabase database;

  OwnerMigration(ApiKeys keys, Users users, MongoDatabase database) {
    this.keys = keys;
    this.users = users;
    this.database = database;
  }

  /** After the bootstrap admin key (priority 5), before anything serves requests. */
  void onStart(@Observes @Priority(6) StartupEvent event) {
    Report report = migrate();
    if (report.keys() > 0 || report.documents().values().stream().anyMatch(n -> n > 0)) {
      LOG.infof(
          "Ownership by user id: gave %d key(s) their user; rewrote owners %s",
          report.keys(), report.documents());
    }
  }

  /** Runs the migration once; returns what it changed (nothing when there was nothing left). */
  public Report migrate() {
    int keyCount = assignKeys();
    Map<String, Long> rewritten = new LinkedHashMap<>();
    for (String name : OWNED) {
      rewritten.put(name, rewriteOwners(database.getCollection(name)));
    }
    return new Report(keyCount, rewritten);
  }

  private int assignKeys() {
    List<ApiKey> unassigned =
        ApiKey.<ApiKey>mongoCollection().find(Filters.eq("userId", null)).into(new ArrayList<>());
    unassigned.removeIf(k -> k.user == null || k.role == null || k.userId != null);
    // Admins claim contested names first; among equals the older key first.
    unassigned.sort(
        Comparator.comparing((ApiKey k) -> k.role != Role.ADMIN)
            .thenComparing(
                k -> k.createdAt,
                Comparator.nullsFirst(Comparator.<java.time.Instant>naturalOrder())));
    for (ApiKey key : unassigned) {
      keys.assignUser(key);
    }
    return unassigned.size();
  }

  private long rewriteOwners(MongoCollection<Document> collection) {
    Bson nameOwned = Filters.and(Filters.exists("ownerName", false), Filters.ne("owner", null));
    Set<String> names = new LinkedHashSet<>();
    for (Document doc : collection.find(nameOwned).projection(Projections.include("owner"))) {
      Object owner = doc.get("owner");
      if (owner instanceof String name) {
        names.add(name);
      }
    }
    long changed = 0;
    for (String name : names) {
      Users.User user = users.findOrCreateAnyRole(name, Role.USER).user();
      changed +=
          collection
              .updateMany(
                  Filters.and(Filters.eq("owner", name), Filters.exists("ownerName", false)),
                  Updates.combine(Updates.set("owner", user.id()), Updates.set("ownerName", name)))
              .getModifiedCount();
    }
    return changed;
  }
}
