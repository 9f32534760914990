package dev.taskmill.module;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.taskmill.events.Events;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.conversions.Bson;

/**
 * Reads and writes modules. Every status change is one conditional {@code findOneAndUpdate} with
 * the expected status (and, where a setup run owns the module, its setup id) in the filter, so two
 * threads or two instances cannot both win.
 */
@ApplicationScoped
public class ModuleRepository {

  /** How long {@link #findRecent} reuses a read: a second. */
  private static final long RECENT_NANOS = 1_000_000_000L;

  private record Recent(Module module, long readAt) {}

  private final Clock clock;
  private final Events events;
  private final Map<String, Recent> recent = new ConcurrentHashMap<>();

  /** Changes of modules this instance made, so a read that raced one is not kept. */
  private final AtomicLong changeCount = new AtomicLong();

  ModuleRepository(Clock clock, Events events) {
    this.clock = clock;
    this.events = events;
  }

  /** Tells live listeners what became of {@code module}; returns it. */
  private Module published(Module module) {
    if (module != null) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("status", module.status);
      if (module.reason != null) {
        data.put("reason", module.reason);
      }
      events.publish("module", module.name, data);
    }
    return module;
  }

  private static MongoCollection<Module> collection() {
    return Module.mongoCollection();
  }

  public Optional<Module> find(String name) {
    return Optional.ofNullable(Module.findById(name));
  }

  /**
   * The module as read at most {@link #RECENT_NANOS} ago, for the checks of new tasks, which only
   * read it: reading it for every create was one of a create's five database round trips. Every
   * change this instance makes drops it at once; a change another instance makes is seen within a
   * second, and a task created in that second on a module that just stopped being AVAILABLE fails
   * when it is run, naming the module's status. Only modules that exist are kept, so unknown names
   * cannot fill the memory.
   */
  public Optional<Module> findRecent(String name) {
    Recent kept = recent.get(name);
    long now = System.nanoTime();
    if (kept != null && now - kept.readAt() < RECENT_NANOS) {
      return Optional.of(kept.module());
    }
    long changesBefore = changeCount.get();
    Optional<Module> module = find(name);
    if (module.isPresent() && changeCount.get() == changesBefore) {
      recent.put(name, new Recent(module.get(), now)); // no change of this instance raced the read
    }
    return module;
  }

  /** Drops the kept read of a module this instance has just written. */
  private void changed(String name) {
    changeCount.incrementAndGet();
    recent.remove(name);
  }

  /** The modules that declare {@code max_concurrent}: name → how many of its tasks run at once. */
  public Map<String, Integer> declaredConcurrencyCaps() {
    Map<String, Integer> caps = new LinkedHashMap<>();
    collection()
        .withDocumentClass(org.bson.Document.class)
        .find(Filters.gt("maxConcurrent", 0))
        .projection(com.mongodb.client.model.Projections.include("maxConcurrent"))
        .forEach(
            doc ->
                caps.put(doc.getString("_id"), doc.get("maxConcurrent", Number.class).intValue()));
    return caps;
  }

  public List<Module> listAll() {
    return collection().find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
  }

  /**
   * Inserts a newly found module as DETECTED.
   *
   * @return false when a module of that name exists already (another thread or instance won)
   */
  public boolean insertDetected(String name, String checksum) {
    return insertDetected(name, checksum, null);
  }

  /**
   * Inserts a new module as DETECTED; {@code bundle} is the SHA-256 of the zip it was uploaded as,
   * null for a folder module.
   *
   * @return false when a module of that name exists already (another thread or instance won)
   */
  public boolean insertDetected(String name, String checksum, String bundle) {
    Module module = new Module();
    module.name = name;
    module.bundle = bundle;
    module.status = ModuleStatus.DETECTED;
    module.checksum = checksum;
    module.detectedAt = clock.instant();
    module.updatedAt = module.detectedAt;
    try {
      collection().insertOne(module);
      changed(name);
      published(module);
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /** Removes the module's entry (a retired bundle, a MISSING folder module); false if none. */
  public boolean delete(String name) {
    try {
      boolean deleted = collection().deleteOne(Filters.eq("_id", name)).getDeletedCount() > 0;
      if (deleted) {
        events.publish("module", name, Map.of("status", "REMOVED"));
      }
      return deleted;
    } finally {
      changed(name);
    }
  }

  /**
   * Moves a module from one of {@code from} to {@code to}, applying {@code changes} in the same
   * update.
   *
   * @return the module after the change, or empty when it was not in one of {@code from}
   */
  public Optional<Module> transition(
      String name, Collection<ModuleStatus> from, ModuleStatus to, Bson... changes) {
    try {
      return transition(Filters.eq("_id", name), from, to, changes);
    } finally {
      changed(name);
    }
  }

  /** Like {@link #transition(String, Collection, ModuleStatus, Bson...)}, owned by a setup run. */
  public Optional<Module> transitionOwned(
      String name, String setupId, ModuleStatus from, ModuleStatus to, Bson... changes) {
    try {
      return transition(
          Filters.and(Filters.eq("_id", name), Filters.eq("setupId", setupId)),
          List.of(from),
          to,
          changes);
    } finally {
      changed(name);
    }
  }

  /**
   * Applies {@code changes} without a status change, while the module is still in {@code status}.
   */
  public Optional<Module> updateIn(String name, ModuleStatus status, Bson... changes) {
    Bson filter = Filters.and(Filters.eq("_id", name), Filters.eq("status", status.name()));
    List<Bson> updates = new ArrayList<>(List.of(changes));
    updates.add(Updates.set("updatedAt", clock.instant()));
    Module after = collection().findOneAndUpdate(filter, Updates.combine(updates), returnAfter());
    changed(name);
    return Optional.ofNullable(published(after));
  }

  /** Applies {@code changes} without a status change, while the setup run still owns it. */
  public Optional<Module> updateOwned(
      String name, String setupId, ModuleStatus status, Bson... changes) {
    Bson filter =
        Filters.and(
            Filters.eq("_id", name),
            Filters.eq("setupId", setupId),
            Filters.eq("status", status.name()));
    List<Bson> updates = new ArrayList<>(List.of(changes));
    updates.add(Updates.set("updatedAt", clock.instant()));
    Module after = collection().findOneAndUpdate(filter, Updates.combine(updates), returnAfter());
    changed(name);
    return Optional.ofNullable(after);
  }

  private Optional<Module> transition(
      Bson identity, Collection<ModuleStatus> from, ModuleStatus to, Bson... changes) {
    List<String> allowed = new ArrayList<>();
    for (ModuleStatus status : from) {
      if (!status.canMoveTo(to)) {
        throw new IllegalStateException("a module cannot move from " + status + " to " + to);
      }
      allowed.add(status.name());
    }
    Bson filter = Filters.and(identity, Filters.in("status", allowed));
    List<Bson> updates = new ArrayList<>(List.of(changes));
    updates.add(Updates.set("status", to.name()));
    updates.add(Updates.set("updatedAt", clock.instant()));
    return Optional.ofNullable(
        published(collection().findOneAndUpdate(filter, Updates.combine(updates), returnAfter())));
  }

  private static FindOneAndUpdateOptions returnAfter() {
    return new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
  }
}
