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
import org.bson.conversions.Bson;

/**
 * Reads and writes modules. Every status change is one conditional {@code findOneAndUpdate} with
 * the expected status (and, where a setup run owns the module, its setup id) in the filter, so two
 * threads or two instances cannot both win.
 */
@ApplicationScoped
public class ModuleRepository {

  private final Clock clock;
  private final Events events;

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

  public List<Module> listAll() {
    return collection().find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
  }

  /**
   * Inserts a newly found module as DETECTED.
   *
   * @return false when a module of that name exists already (another thread or instance won)
   */
  public boolean insertDetected(String name, String checksum) {
    Module module = new Module();
    module.name = name;
    module.status = ModuleStatus.DETECTED;
    module.checksum = checksum;
    module.detectedAt = clock.instant();
    module.updatedAt = module.detectedAt;
    try {
      collection().insertOne(module);
      published(module);
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
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
    return transition(Filters.eq("_id", name), from, to, changes);
  }

  /** Like {@link #transition(String, Collection, ModuleStatus, Bson...)}, owned by a setup run. */
  public Optional<Module> transitionOwned(
      String name, String setupId, ModuleStatus from, ModuleStatus to, Bson... changes) {
    return transition(
        Filters.and(Filters.eq("_id", name), Filters.eq("setupId", setupId)),
        List.of(from),
        to,
        changes);
  }

  /**
   * Applies {@code changes} without a status change, while the module is still in {@code status}.
   */
  public Optional<Module> updateIn(String name, ModuleStatus status, Bson... changes) {
    Bson filter = Filters.and(Filters.eq("_id", name), Filters.eq("status", status.name()));
    List<Bson> updates = new ArrayList<>(List.of(changes));
    updates.add(Updates.set("updatedAt", clock.instant()));
    return Optional.ofNullable(
        published(collection().findOneAndUpdate(filter, Updates.combine(updates), returnAfter())));
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
    return Optional.ofNullable(
        collection().findOneAndUpdate(filter, Updates.combine(updates), returnAfter()));
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
