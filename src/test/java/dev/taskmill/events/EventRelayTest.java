package dev.taskmill.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.taskmill.instance.InstanceIdentity;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With another instance online, this instance writes its changes to the event log and hands the
 * other's changes to its own subscribers (never its own twice).
 */
@QuarkusTest
class EventRelayTest {

  @Inject Events events;
  @Inject EventRelay relay;
  @Inject InstanceIdentity identity;

  private Runnable unsubscribe;
  private final BlockingQueue<Events.Change> received = new LinkedBlockingQueue<>();

  @BeforeEach
  void anotherInstanceIsOnline() {
    Task.mongoDatabase()
        .getCollection("instances")
        .replaceOne(
            Filters.eq("_id", "other-instance"),
            new Document("_id", "other-instance")
                .append("role", "worker")
                .append("heartbeatAt", Date.from(Instant.now().plusSeconds(120))),
            new com.mongodb.client.model.ReplaceOptions().upsert(true));
    relay.setActive(true);
    unsubscribe = events.subscribe(received::add);
  }

  @AfterEach
  void otherInstanceGone() {
    unsubscribe.run();
    Task.mongoDatabase().getCollection("instances").deleteOne(Filters.eq("_id", "other-instance"));
    relay.setActive(false);
  }

  @Test
  void anotherInstancesChangesReachThisInstancesSubscribers() throws Exception {
    relay
        .collection()
        .insertOne(
            new Document("_id", new ObjectId())
                .append("origin", "other-instance")
                .append("type", "task")
                .append("thing", "remote-task-1")
                .append("owner", "alice")
                .append(
                    "data",
                    new Document("id", "remote-task-1")
                        .append("status", "RUNNING")
                        .append("progress", new Document("fraction", 0.5))));
    Events.Change change = until("remote-task-1");
    assertThat(change.type()).isEqualTo("task");
    assertThat(change.owner()).isEqualTo("alice");
    assertThat(change.data()).containsEntry("status", "RUNNING");
  }

  @Test
  void thisInstancesChangesAreWrittenForTheOthersAndNotReadBack() throws Exception {
    events.publish("task", "local-task-1", "bob", Map.of("status", TaskStatus.SUCCEEDED));
    assertThat(until("local-task-1").data()).containsEntry("status", TaskStatus.SUCCEEDED);
    Document written =
        Waits.patiently()
            .until(
                () -> relay.collection().find(Filters.eq("thing", "local-task-1")).first(),
                Objects::nonNull);
    assertThat(written.getString("origin")).isEqualTo(identity.id());
    assertThat(written.get("data", Document.class).getString("status")).isEqualTo("SUCCEEDED");
    // Read back by this instance's own relay, it is not delivered a second time.
    relay.poll();
    assertThat(received).noneMatch(c -> c.id().equals("local-task-1"));
  }

  private Events.Change until(String id) {
    return Waits.takeUntil(received, c -> c.id().equals(id), new ArrayList<>());
  }
}
