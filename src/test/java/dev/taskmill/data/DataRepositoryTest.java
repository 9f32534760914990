package dev.taskmill.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Updates;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The data repository and usage on the real embedded MongoDB-wire server. */
@QuarkusTest
class DataRepositoryTest {

  @Inject DataRepository repository;
  @Inject DataUsage usage;

  private DataItem pending() {
    DataItem item = new DataItem();
    item.label = "out";
    item.kind = DataKind.JSON;
    item.isFile = true;
    item.status = DataStatus.PENDING;
    item.origin = DataOrigin.TASK;
    item.producerTaskId = DataRepository.newId();
    return repository.insert(item);
  }

  @Test
  void aTransitionHappensOnceFromTheExpectedStatus() {
    DataItem item = pending();
    DataItem stored = repository.find(item.id).orElseThrow();
    assertThat(stored.isFile).isTrue();
    assertThat(stored.createdAt).isNotNull();

    var done =
        repository.transition(
            item.id, DataStatus.PENDING, DataStatus.AVAILABLE, Updates.set("size", 12L));
    assertThat(done).get().satisfies(d -> assertThat(d.size).isEqualTo(12L));
    assertThat(done.get().availableAt).isNotNull();
    assertThat(repository.transition(item.id, DataStatus.PENDING, DataStatus.FAILED)).isEmpty();
    assertThatThrownBy(
            () -> repository.transition(item.id, DataStatus.AVAILABLE, DataStatus.PENDING))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void consumersAreAddedOnceAndUnfinishedTasksAreFound() {
    DataItem item = pending();
    String stringTask = DataRepository.newId();
    String runningTask = DataRepository.newId();
    String finished = DataRepository.newId();
    for (String task : List.of(stringTask, stringTask, runningTask, finished)) {
      assertThat(repository.addConsumer(item.id, task)).isTrue();
    }
    assertThat(repository.addConsumer(DataRepository.newId(), stringTask)).isFalse();

    var tasks = DataItem.mongoDatabase().getCollection("tasks");
    tasks.insertOne(new Document("_id", stringTask).append("status", "QUEUED"));
    tasks.insertOne(new Document("_id", runningTask).append("status", "RUNNING"));
    tasks.insertOne(new Document("_id", finished).append("status", "SUCCEEDED"));
    tasks.insertOne(new Document("_id", item.producerTaskId).append("status", "WAITING"));

    DataItem stored = repository.find(item.id).orElseThrow();
    assertThat(stored.consumers).hasSize(3);
    assertThat(usage.activeTasks(stored))
        .containsExactlyInAnyOrder(stringTask, runningTask, item.producerTaskId);
    assertThat(repository.findAll(List.of(item.id, DataRepository.newId())))
        .extracting(d -> d.id)
        .containsExactly(item.id);
    // These stand-ins are not real tasks: the runtime must not find them.
    tasks.deleteMany(
        new Document(
            "_id",
            new Document("$in", List.of(stringTask, runningTask, finished, item.producerTaskId))));
  }

  @Test
  void idsAreTwentyFourLowercaseHexDigits() {
    assertThat(DataRepository.isValidId(DataRepository.newId())).isTrue();
    assertThat(DataRepository.isValidId("0123456789ABCDEF01234567")).isFalse();
    assertThat(DataRepository.isValidId("../x")).isFalse();
    assertThat(DataRepository.isValidId(null)).isFalse();
    assertThat(repository.find("nope")).isEmpty();
  }
}
