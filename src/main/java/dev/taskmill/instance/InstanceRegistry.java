package dev.taskmill.instance;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import dev.taskmill.config.TaskmillConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every instance registers itself in the {@code instances} collection and heartbeats there: id,
 * host, role, capacity, capabilities, free slots, version and last heartbeat. Remote workers have
 * their entries there too ({@link RemoteInstances}), listed beside the local ones. Stale entries
 * are shown offline and removed after a grace period by whichever instance notices first.
 */
@ApplicationScoped
public class InstanceRegistry {

  private static final Logger LOG = Logger.getLogger(InstanceRegistry.class);

  /** What the registry says about one instance. */
  public record Entry(
      String id,
      String host,
      String role,
      int capacity,
      List<String> capabilities,
      int running,
      int freeSlots,
      String version,
      String state,
      Instant startedAt,
      Instant heartbeatAt,
      boolean online,
      List<GpuDevices.Device> gpus,
      List<ModuleWorkers.Worker> workers,
      String kind,
      List<RemoteInstances.ModuleCopy> modules) {

    /** This entry with its GPUs and module workers as they are now. */
    Entry live(List<GpuDevices.Device> nowGpus, List<ModuleWorkers.Worker> nowWorkers) {
      return new Entry(
          id,
          host,
          role,
          capacity,
          capabilities,
          running,
          freeSlots,
          version,
          state,
          startedAt,
          heartbeatAt,
          online,
          nowGpus,
          nowWorkers,
          kind,
          modules);
    }
  }

  private final InstanceIdentity identity;
  private final Workload workload;
  private final ModuleWorkers workers;
  private final MongoDatabase database;
  private final DatabaseWatch watch;
  private final TaskmillConfig config;
  private final Clock clock;
  private final String version;
  private final String host;
  private volatile Instant startedAt;
  private volatile boolean stopping;
  private final Object writing = new Object();

  InstanceRegistry(
      InstanceIdentity identity,
      Workload workload,
      ModuleWorkers workers,
      MongoDatabase database,
      DatabaseWatch watch,
      TaskmillConfig config,
      Clock clock,
      @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
          String version) {
    this.identity = identity;
    this.workload = workload;
    this.workers = workers;
    this.database = database;
    this.watch = watch;
    this.config = config;
    this.clock = clock;
    this.version = version;
    this.host = hostName();
  }

  MongoCollection<Document> collection() {
    return database.getCollection("instances");
  }

  void onStart(@Observes @Priority(10) StartupEvent event) {
    startedAt = clock.instant();
    heartbeat();
    LOG.infof(
        "instance %s (%s) registered: role %s, %d slot(s)",
        identity.id(), host, config.role(), workload.capacity());
  }

  /** Before the dispatcher's graceful stop: others see this instance draining. */
  void onStop(@Observes @Priority(1) ShutdownEvent event) {
    synchronized (writing) {
      stopping = true;
      try {
        write("DRAINING");
      } catch (RuntimeException e) {
        LOG.debugf("could not mark instance %s draining: %s", identity.id(), e);
      }
    }
  }

  /** The last shutdown observer before the database closes: this instance is gone. */
  void onStopped(@Observes @Priority(Integer.MAX_VALUE - 1) ShutdownEvent event) {
    synchronized (writing) {
      try {
        collection().deleteOne(Filters.eq("_id", identity.id()));
      } catch (RuntimeException e) {
        LOG.debugf("could not remove instance %s: %s", identity.id(), e);
      }
    }
  }

  @Scheduled(
      every = "${taskmill.instances.heartbeat-interval:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void heartbeat() {
    // One writer at a time: the start-up call and the scheduler's first run would otherwise race
    // two upserts of this instance (FerretDB then answers one with a duplicate key), and a
    // heartbeat finishing after the removal at shutdown would bring the instance back.
    synchronized (writing) {
      if (stopping) {
        return;
      }
      long started = System.nanoTime();
      try {
        write("RUNNING");
        // The heartbeat renews the leases of the tasks running here.
        workload.renewLeases();
        removeStale();
        // Slower than its interval: the driver waited for the database to come back.
        watch.answered(
            started,
            DatabaseWatch.slow(
                config.instances().heartbeatInterval(), config.tasks().leaseDuration()));
      } catch (MongoException e) {
        // The database is away (restarting?); the next heartbeat tries again. Leases last longer
        // than a few missed heartbeats.
        watch.failed();
        LOG.warnf("instance heartbeat failed: %s", e.getMessage());
      } catch (RuntimeException e) {
        // An answer the driver could not read: not a reason to stop start-up or the schedule.
        LOG.warnf("instance heartbeat failed: %s", e);
      }
    }
  }

  private void write(String state) {
    int capacity = workload.capacity();
    int running = workload.running();
    Document doc =
        new Document("_id", identity.id())
            .append("host", host)
            .append("role", config.role().name().toLowerCase(java.util.Locale.ROOT))
            .append("capacity", capacity)
            .append("capabilities", workload.capabilities())
            .append("running", running)
            .append("freeSlots", Math.max(0, capacity - running))
            .append("version", version)
            .append("state", state)
            .append("startedAt", Date.from(startedAt == null ? clock.instant() : startedAt))
            .append("heartbeatAt", Date.from(clock.instant()))
            .append("gpus", InstanceDocuments.gpuDocuments(workload.gpus()))
            .append("workers", InstanceDocuments.workerDocuments(workers.all()))
            .append("kind", "local");
    collection()
        .replaceOne(Filters.eq("_id", identity.id()), doc, new ReplaceOptions().upsert(true));
  }

  private void removeStale() {
    Instant cutoff = clock.instant().minus(config.instances().removeAfter());
    collection().deleteMany(Filters.lt("heartbeatAt", Date.from(cutoff)));
  }

  /** Every registered instance, this one first, then by id. */
  public List<Entry> list() {
    Instant onlineSince = clock.instant().minus(config.instances().offlineAfter());
    List<Entry> entries = new ArrayList<>();
    for (Document doc : collection().find().sort(Sorts.ascending("_id"))) {
      Instant heartbeat = InstanceDocuments.instant(doc.getDate("heartbeatAt"));
      boolean online = heartbeat != null && heartbeat.isAfter(onlineSince);
      String state = doc.getString("state");
      Entry entry =
          new Entry(
              doc.getString("_id"),
              doc.getString("host"),
              doc.getString("role"),
              InstanceDocuments.number(doc, "capacity"),
              doc.getList("capabilities", String.class, List.of()),
              InstanceDocuments.number(doc, "running"),
              InstanceDocuments.number(doc, "freeSlots"),
              doc.getString("version"),
              online ? state : "OFFLINE",
              InstanceDocuments.instant(doc.getDate("startedAt")),
              heartbeat,
              online,
              InstanceDocuments.gpus(doc),
              InstanceDocuments.workers(doc),
              RemoteInstances.KIND.equals(doc.getString("kind")) ? RemoteInstances.KIND : "local",
              RemoteInstances.modules(doc));
      if (entry.id().equals(identity.id())) {
        // This instance's GPUs and workers as they are now, not as of its last heartbeat.
        entries.add(0, entry.live(workload.gpus(), workers.all()));
      } else {
        entries.add(entry);
      }
    }
    return entries;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
