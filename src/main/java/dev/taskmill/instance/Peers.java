package dev.taskmill.instance;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.taskmill.config.TaskmillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Date;

/**
 * Whether other instances share this database: one whose heartbeat is younger than {@code
 * taskmill.instances.offline-after}. Loops that poll only for what other instances write (the event
 * relay, the dispatcher's look for tasks it was not told about) ask it, so an instance alone polls
 * slowly. The answer is kept for one heartbeat interval: a new instance is noticed within that.
 */
@ApplicationScoped
public class Peers {

  private final MongoDatabase database;
  private final InstanceIdentity identity;
  private final TaskmillConfig config;
  private final Clock clock;

  /** The last answer and when it was asked (System.nanoTime), or null before the first. */
  private volatile Answer last;

  private record Answer(boolean othersOnline, long at) {}

  Peers(MongoDatabase database, InstanceIdentity identity, TaskmillConfig config, Clock clock) {
    this.database = database;
    this.identity = identity;
    this.config = config;
    this.clock = clock;
  }

  /** Whether another instance heartbeats on this database. */
  public boolean othersOnline() {
    long now = System.nanoTime();
    Answer answer = last;
    if (answer != null && now - answer.at() < config.instances().heartbeatInterval().toNanos()) {
      return answer.othersOnline();
    }
    Date since = Date.from(clock.instant().minus(config.instances().offlineAfter()));
    boolean online =
        database
                .getCollection("instances")
                .countDocuments(
                    Filters.and(
                        Filters.ne("_id", identity.id()), Filters.gte("heartbeatAt", since)))
            > 0;
    last = new Answer(online, now);
    return online;
  }
}
