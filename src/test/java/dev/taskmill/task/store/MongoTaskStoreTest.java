package dev.taskmill.task.store;

import com.mongodb.client.MongoCollection;
import dev.taskmill.task.model.Task;
import dev.taskmill.testing.SettableClock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The contract on the database the service is configured with: the embedded server in the build,
 * FerretDB in CI's second pass. A collection of its own, so the service's dispatcher claims none of
 * these tasks.
 */
@QuarkusTest
class MongoTaskStoreTest extends TaskStoreContract {

  @Override
  protected TaskStore emptyStore(SettableClock clock) {
    MongoCollection<Task> tasks =
        Task.mongoDatabase().getCollection("task_store_contract", Task.class);
    tasks.deleteMany(new org.bson.Document());
    TaskStoreIndexes.create(tasks);
    return new MongoTaskStore(tasks, clock);
  }
}
