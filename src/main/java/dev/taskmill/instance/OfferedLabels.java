package dev.taskmill.instance;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.taskmill.config.TaskmillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The label sets that online instances and remote workers offer, so a task that needs labels none
 * of them offers can say why it waits. Read at most once per heartbeat interval: a worker that
 * joins is noticed within that.
 */
@ApplicationScoped
public class OfferedLabels {

  private final MongoDatabase database;
  private final TaskmillConfig config;
  private final Clock clock;

  private record Read(List<Set<String>> offers, long at) {}

  private volatile Read last;

  OfferedLabels(MongoDatabase database, TaskmillConfig config, Clock clock) {
    this.database = database;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Why a task needing {@code needs} cannot be taken by anyone online now, or null when some
   * instance or worker offers every one of them (or nothing is needed).
   */
  public String whyNobodyOffers(Collection<String> needs) {
    if (needs == null || needs.isEmpty()) {
      return null;
    }
    for (Set<String> offer : offers()) {
      if (offer.containsAll(needs)) {
        return null;
      }
    }
    return "needs the labels "
        + new TreeSet<>(needs)
        + ": no online instance or remote worker offers all of them (taskmill.capabilities, or a"
        + " worker's registered labels); it waits until one does";
  }

  private List<Set<String>> offers() {
    long now = System.nanoTime();
    Read read = last;
    if (read != null && now - read.at() < config.instances().heartbeatInterval().toNanos()) {
      return read.offers();
    }
    Date since = Date.from(clock.instant().minus(config.instances().offlineAfter()));
    List<Set<String>> offers = new ArrayList<>();
    database
        .getCollection("instances")
        .find(Filters.and(Filters.gte("heartbeatAt", since), Filters.gt("capacity", 0)))
        .projection(Projections.include("capabilities"))
        .forEach(
            doc -> offers.add(Set.copyOf(doc.getList("capabilities", String.class, List.of()))));
    last = new Read(offers, now);
    return offers;
  }
}
