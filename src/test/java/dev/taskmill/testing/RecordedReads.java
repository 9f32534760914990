package dev.taskmill.testing;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The {@code find} commands the service sends while a test records, with how much each answer
 * carried: what a request reads, which a test can compare between two requests.
 */
@Singleton
public class RecordedReads implements CommandListener {

  /** One answered find: its collection and the size of its answer as JSON. */
  public record Read(String collection, int answerChars) {}

  private final Map<Integer, String> collections = new ConcurrentHashMap<>();
  private final Queue<Read> reads = new ConcurrentLinkedQueue<>();
  private volatile boolean recording;

  /** Forgets what was recorded and records from now on. */
  public void start() {
    reads.clear();
    collections.clear();
    recording = true;
  }

  /** Stops recording; returns the reads in the order they were answered. */
  public List<Read> stop() {
    recording = false;
    return List.copyOf(reads);
  }

  /** The characters the answers to finds on {@code collection} carried, in total. */
  public static int chars(List<Read> reads, String collection) {
    return reads.stream()
        .filter(read -> read.collection().equals(collection))
        .mapToInt(Read::answerChars)
        .sum();
  }

  @Override
  public void commandStarted(CommandStartedEvent event) {
    if (recording && event.getCommandName().equals("find")) {
      collections.put(event.getRequestId(), event.getCommand().getString("find").getValue());
    }
  }

  @Override
  public void commandSucceeded(CommandSucceededEvent event) {
    String collection = collections.remove(event.getRequestId());
    if (collection != null && recording) {
      reads.add(new Read(collection, event.getResponse().toJson().length()));
    }
  }

  @Override
  public void commandFailed(CommandFailedEvent event) {
    collections.remove(event.getRequestId());
  }
}
