package dev.taskmill.testing;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bson.BsonDocument;

/**
 * The write commands the service sends to MongoDB while a test records, with the write concern each
 * asked for (the Quarkus MongoDB client registers every {@link CommandListener} bean).
 */
@Singleton
public class RecordedWrites implements CommandListener {

  /** One write command: its name, its collection, whether it waits for the journal, its body. */
  public record Write(String command, String collection, boolean journaled, String body) {}

  private static final List<String> WRITES = List.of("insert", "update", "delete", "findAndModify");

  private final Queue<Write> writes = new ConcurrentLinkedQueue<>();
  private volatile boolean recording;

  /** Forgets what was recorded and records from now on. */
  public void start() {
    writes.clear();
    recording = true;
  }

  /** Stops recording; returns the writes in the order they were sent. */
  public List<Write> stop() {
    recording = false;
    return List.copyOf(writes);
  }

  @Override
  public void commandStarted(CommandStartedEvent event) {
    String command = event.getCommandName();
    if (!recording || !WRITES.contains(command)) {
      return;
    }
    BsonDocument body = event.getCommand();
    BsonDocument concern = body.getDocument("writeConcern", new BsonDocument());
    boolean deferred = concern.containsKey("j") && !concern.getBoolean("j").getValue();
    writes.add(new Write(command, body.getString(command).getValue(), !deferred, body.toJson()));
  }
}
