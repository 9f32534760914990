package dev.taskmill.instance;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import dev.taskmill.failure.Conflict;
import dev.taskmill.failure.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Remote workers in the {@code instances} collection, beside the local instances ({@code kind:
 * remote}): so every central instance answers the protocol for any worker, a central restart loses
 * no registration, and the instance list, the stale sweep and {@link Peers} see them like any
 * other. A worker id is bound to the key that registered it: another key cannot act as it.
 */
@ApplicationScoped
public class RemoteInstances {

  /** The {@code kind} of a remote worker's entry; local instances have none or {@code local}. */
  public static final String KIND = "remote";

  /** One module a worker has AVAILABLE, as it reported it. */
  public record ModuleCopy(String name, String version, String checksum) {}

  /** A registered remote worker as the central knows it. */
  public record Worker(
      String id,
      String keyId,
      String host,
      String version,
      List<String> labels,
      int capacity,
      int freeSlots,
      int gpuFreeMb,
      List<ModuleCopy> modules,
      Instant registeredAt,
      Instant heartbeatAt) {}

  private final MongoDatabase database;
  private final Clock clock;

  RemoteInstances(MongoDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  private MongoCollection<Document> collection() {
    return database.getCollection("instances");
  }

  /**
   * Registers (or registers again) {@code worker}: its entry is replaced whole, so a worker that
   * re-registers after a central restart or a network cut reports what it has now.
   *
   * @throws Conflict when the id belongs to a local instance or to a worker of another key
   */
  public Worker register(Worker worker) {
    Document existing = collection().find(Filters.eq("_id", worker.id())).first();
    if (existing != null && !KIND.equals(existing.getString("kind"))) {
      throw new Conflict(
          "The worker id '" + worker.id() + "' names a local instance; register without an id.");
    }
    if (existing != null && !worker.keyId().equals(existing.getString("keyId"))) {
      throw new Conflict(
          "The worker id '"
              + worker.id()
              + "' was registered with another key; register without an id to get a new one.");
    }
    Instant now = clock.instant();
    Instant registered =
        existing != null && existing.getDate("startedAt") != null
            ? existing.getDate("startedAt").toInstant()
            : now;
    Worker stored =
        new Worker(
            worker.id(),
            worker.keyId(),
            worker.host(),
            worker.version(),
            worker.labels(),
            worker.capacity(),
            worker.freeSlots(),
            worker.gpuFreeMb(),
            worker.modules(),
            registered,
            now);
    collection()
        .replaceOne(
            Filters.eq("_id", stored.id()), document(stored), new ReplaceOptions().upsert(true));
    return stored;
  }

  /**
   * The worker {@code id} as the key {@code keyId} may use it.
   *
   * @throws NotFound when there is none (never registered, or removed as stale), or it is another
   *     key's: the worker registers again
   */
  public Worker get(String id, String keyId) {
    return find(id)
        .filter(w -> w.keyId().equals(keyId))
        .orElseThrow(
            () ->
                new NotFound(
                    "No worker '"
                        + id
                        + "' is registered for this key (never registered, or removed after"
                        + " taskmill.instances.remove-after without a heartbeat). Register again"
                        + " with POST /api/v1/workers."));
  }

  /** The worker {@code id}, whoever registered it. */
  public Optional<Worker> find(String id) {
    Document doc =
        collection().find(Filters.and(Filters.eq("_id", id), Filters.eq("kind", KIND))).first();
    return Optional.ofNullable(doc).map(RemoteInstances::worker);
  }

  /** Records a heartbeat of {@code id}: its free slots and GPU memory as it reports them now. */
  public void heartbeat(Worker worker, int freeSlots, int gpuFreeMb) {
    int free = Math.max(0, Math.min(worker.capacity(), freeSlots));
    collection()
        .updateOne(
            Filters.eq("_id", worker.id()),
            Updates.combine(
                Updates.set("freeSlots", free),
                Updates.set("running", worker.capacity() - free),
                Updates.set("gpuFreeMb", Math.max(0, gpuFreeMb)),
                Updates.set("state", "RUNNING"),
                Updates.set("heartbeatAt", Date.from(clock.instant()))));
  }

  private static Document document(Worker w) {
    return new Document("_id", w.id())
        .append("kind", KIND)
        .append("keyId", w.keyId())
        .append("host", w.host())
        .append("role", "worker")
        .append("capacity", w.capacity())
        .append("capabilities", w.labels())
        .append("running", w.capacity() - w.freeSlots())
        .append("freeSlots", w.freeSlots())
        .append("gpuFreeMb", w.gpuFreeMb())
        .append("version", w.version())
        .append("state", "RUNNING")
        .append("startedAt", Date.from(w.registeredAt()))
        .append("heartbeatAt", Date.from(w.heartbeatAt()))
        .append("gpus", List.of())
        .append("workers", List.of())
        .append("modules", modules(w.modules()));
  }

  /** The modules of an entry as documents (the registry reads them back with {@link #modules}). */
  static List<Document> modules(List<ModuleCopy> modules) {
    return modules.stream()
        .map(
            m ->
                new Document("name", m.name())
                    .append("version", m.version())
                    .append("checksum", m.checksum()))
        .toList();
  }

  /** The modules an entry lists; none for a local instance. */
  static List<ModuleCopy> modules(Document doc) {
    return doc.getList("modules", Document.class, List.of()).stream()
        .map(
            m ->
                new ModuleCopy(
                    m.getString("name"), m.getString("version"), m.getString("checksum")))
        .toList();
  }

  private static Worker worker(Document doc) {
    return new Worker(
        doc.getString("_id"),
        doc.getString("keyId"),
        doc.getString("host"),
        doc.getString("version"),
        doc.getList("capabilities", String.class, List.of()),
        InstanceDocuments.number(doc, "capacity"),
        InstanceDocuments.number(doc, "freeSlots"),
        InstanceDocuments.number(doc, "gpuFreeMb"),
        modules(doc),
        InstanceDocuments.instant(doc.getDate("startedAt")),
        InstanceDocuments.instant(doc.getDate("heartbeatAt")));
  }
}
