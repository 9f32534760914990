package dev.taskmill.dbwrites;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.BsonValue;

/**
 * Counts the write commands this service sends to MongoDB, by command and collection, as the
 * Prometheus counter {@code taskmill_db_writes_total}, so a benchmark can tell how many writes a
 * task costs from creation to its end. The Quarkus MongoDB client registers every {@link
 * CommandListener} bean with the driver; this one looks at command starts only, and only at write
 * commands' names, so a read costs a set lookup.
 */
@Singleton
public class DatabaseWrites implements CommandListener {

  /** The commands that change documents. */
  static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  DatabaseWrites(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void commandStarted(CommandStartedEvent event) {
    String command = event.getCommandName();
    if (!WRITES.contains(command)) {
      return;
    }
    BsonValue target = event.getCommand().get(command);
    String collection = target != null && target.isString() ? target.asString().getValue() : "?";
    counters
        .computeIfAbsent(
            command + '\u0000' + collection,
            key ->
                Counter.builder("taskmill.db.writes")
                    .description(
                        "Write commands sent to MongoDB ; one command may hold many documents")
                    .tag("command", command)
                    .tag("collection", collection)
                    .register(registry))
        .increment();
  }

  /** Write commands counted so far for {@code collection}, of every kind. */
  public long count(String collection) {
    return (long)
        registry.find("taskmill.db.writes").tag("collection", collection).counters().stream()
            .mapToDouble(Counter::count)
            .sum();
  }
}
