package dev.taskmill.events;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Status changes as they happen in this instance, for the dashboard's live view. Repositories
 * publish after each successful conditional update; subscribers (the SSE stream) must not block.
 */
@ApplicationScoped
public class Events {

  /**
   * One change: what kind of thing, which one, its new state, and the user who owns the thing (null
   * for things every user sees, such as modules).
   */
  public record Change(
      long sequence, String type, String id, String owner, Map<String, Object> data) {}

  private final AtomicLong sequence = new AtomicLong();
  private final Set<Consumer<Change>> subscribers = ConcurrentHashMap.newKeySet();
  private volatile Consumer<Change> relay;

  /** Where this instance's changes also go, for the other instances' streams. */
  void relayTo(Consumer<Change> relay) {
    this.relay = relay;
  }

  /** Publishes a change of a thing every user may see (a module). */
  public void publish(String type, String id, Map<String, Object> data) {
    publish(type, id, null, data);
  }

  /** Publishes a change of a {@code type} ("task", "data", "module") thing {@code owner} owns. */
  public void publish(String type, String id, String owner, Map<String, Object> data) {
    Consumer<Change> out = relay;
    if (subscribers.isEmpty() && out == null) {
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.putAll(data);
    Change change = new Change(sequence.incrementAndGet(), type, id, owner, body);
    if (out != null) {
      out.accept(change);
    }
    deliver(change);
  }

  /** Hands a change another instance made to this instance's subscribers. */
  void deliverRemote(String type, String id, String owner, Map<String, Object> body) {
    if (!subscribers.isEmpty()) {
      deliver(new Change(sequence.incrementAndGet(), type, id, owner, body));
    }
  }

  private void deliver(Change change) {
    for (Consumer<Change> subscriber : subscribers) {
      try {
        subscriber.accept(change);
      } catch (RuntimeException e) {
        // A broken subscriber must not break the state change that published the event.
        subscribers.remove(subscriber);
      }
    }
  }

  /** Registers a subscriber; returns what unregisters it. */
  public Runnable subscribe(Consumer<Change> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  /** How many subscribers listen. */
  public int subscriberCount() {
    return subscribers.size();
  }

  void onStop(@Observes ShutdownEvent event) {
    subscribers.clear();
  }
}
