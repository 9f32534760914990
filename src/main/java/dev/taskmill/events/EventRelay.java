package dev.taskmill.events;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.instance.InstanceIdentity;
import dev.taskmill.instance.Peers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

/**
 * Carries changes between instances, so a client connected to any instance (an {@code api} one
 * whose tasks run on workers) sees them all. Each instance appends its changes to the small {@code
 * event_log} collection in batches and reads the others' every {@link #TICK}; entries older than a
 * minute are trimmed. It is active only while more than one instance is online: one box pays
 * nothing.
 */
@ApplicationScoped
public class EventRelay {

  private static final Logger LOG = Logger.getLogger(EventRelay.class);

  /** How often changes are written and read. */
  static final Duration TICK = Duration.ofMillis(250);

  /** How far back a read looks, for entries a slower clock stamped earlier. */
  static final Duration LOOKBACK = Duration.ofSeconds(3);

  private static final Duration KEEP = Duration.ofMinutes(1);
  private static final int OUTBOX = 10_000;

  private final Events events;
  private final InstanceIdentity identity;
  private final TaskmillConfig config;
  private final Clock clock;
  private final MongoDatabase database;
  private final Peers peers;
  private final BlockingQueue<Events.Change> outbox = new ArrayBlockingQueue<>(OUTBOX);
  private final Map<ObjectId, Boolean> seen =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, Boolean> eldest) {
          return size() > 20_000;
        }
      };
  private volatile boolean active;
  private volatile boolean running;
  private Instant readFrom;
  private Instant lastCheck = Instant.EPOCH;
  private Instant lastTrim = Instant.EPOCH;
  private Thread loop;

  EventRelay(
      Events events,
      InstanceIdentity identity,
      TaskmillConfig config,
      Clock clock,
      MongoDatabase database,
      Peers peers) {
    this.events = events;
    this.identity = identity;
    this.config = config;
    this.clock = clock;
    this.database = database;
    this.peers = peers;
  }

  MongoCollection<Document> collection() {
    return database.getCollection("event_log");
  }

  void onStart(@Observes @Priority(20) StartupEvent event) {
    readFrom = clock.instant();
    events.relayTo(
        change -> {
          if (active && !outbox.offer(change)) {
            LOG.debug("event relay outbox full; a change is not relayed");
          }
        });
    running = true;
    loop = new Thread(this::loop, "event-relay");
    loop.setDaemon(true);
    loop.start();
  }

  void onStop(@Observes @Priority(1) ShutdownEvent event) {
    running = false;
    if (loop != null) {
      loop.interrupt();
    }
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(TICK.toMillis());
        tick();
      } catch (InterruptedException e) {
        return;
      } catch (MongoException | IllegalStateException e) {
        LOG.debugf("event relay: %s", e.getMessage());
      }
    }
  }

  void tick() {
    Instant now = clock.instant();
    if (Duration.between(lastCheck, now).compareTo(config.instances().heartbeatInterval()) >= 0) {
      lastCheck = now;
      setActive(peers.othersOnline());
    }
    if (!active) {
      return;
    }
    flush();
    poll();
    if (Duration.between(lastTrim, now).compareTo(Duration.ofSeconds(30)) >= 0) {
      lastTrim = now;
      collection().deleteMany(Filters.lt("_id", new ObjectId(Date.from(now.minus(KEEP)))));
    }
  }

  /** Turns relaying on or off (on while other instances are online). */
  void setActive(boolean on) {
    if (on && !active) {
      readFrom = clock.instant();
      LOG.info("other instances are online: relaying events between instances");
    }
    active = on;
    if (!on) {
      outbox.clear();
    }
  }

  /** Writes this instance's queued changes. */
  void flush() {
    List<Events.Change> batch = new ArrayList<>();
    outbox.drainTo(batch, 1000);
    if (batch.isEmpty()) {
      return;
    }
    List<Document> docs = new ArrayList<>();
    for (Events.Change change : batch) {
      docs.add(
          new Document("_id", new ObjectId())
              .append("origin", identity.id())
              .append("type", change.type())
              .append("thing", change.id())
              .append("owner", change.owner())
              .append("data", bson(change.data())));
    }
    collection().insertMany(docs);
  }

  /** Reads the other instances' changes since the last read and hands them to subscribers. */
  void poll() {
    Instant from = readFrom.minus(LOOKBACK);
    Instant newest = readFrom;
    for (Document doc :
        collection()
            .find(Filters.gt("_id", new ObjectId(Date.from(from))))
            .sort(Sorts.ascending("_id"))
            .limit(2000)) {
      ObjectId id = doc.getObjectId("_id");
      if (seen.put(id, Boolean.TRUE) != null || identity.id().equals(doc.getString("origin"))) {
        continue;
      }
      Instant stamped = id.getDate().toInstant();
      if (stamped.isAfter(newest)) {
        newest = stamped;
      }
      Document data = doc.get("data", Document.class);
      events.deliverRemote(
          doc.getString("type"),
          doc.getString("thing"),
          doc.getString("owner"),
          data == null ? Map.of() : new LinkedHashMap<>(data));
    }
    // With nothing new, still move on, so a read never looks further back than the lookback.
    Instant floor = clock.instant().minus(LOOKBACK);
    readFrom = newest.isAfter(floor) ? newest : floor;
  }

  private static Document bson(Map<String, Object> data) {
    Document doc = new Document();
    data.forEach((key, value) -> doc.append(key, bsonValue(value)));
    return doc;
  }

  @SuppressWarnings("unchecked")
  private static Object bsonValue(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      return bson((Map<String, Object>) map);
    }
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    return value.toString();
  }
}
