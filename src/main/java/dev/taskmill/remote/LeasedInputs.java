package dev.taskmill.remote;

import dev.taskmill.data.DataContent;
import dev.taskmill.data.DataItems;
import dev.taskmill.data.DataRepository;
import dev.taskmill.failure.NotFound;
import dev.taskmill.task.model.Task;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The inputs a remote worker may read: only the input items of a task it holds the lease on now,
 * whoever owns them. Anything else is not found, as another user's item is.
 */
@ApplicationScoped
public class LeasedInputs {

  private final LeasedTasks leased;
  private final DataRepository data;
  private final DataItems items;

  LeasedInputs(LeasedTasks leased, DataRepository data, DataItems items) {
    this.leased = leased;
    this.data = data;
    this.items = items;
  }

  /** The content of input {@code itemId} of {@code taskId}, held under {@code token}. */
  public DataContent content(String keyId, String taskId, String token, String itemId) {
    Task task = leased.readable(keyId, taskId, token);
    if (!task.inputs.containsValue(itemId)) {
      throw NotFound.of("input item of task " + taskId, itemId);
    }
    return items.content(data.find(itemId).orElseThrow(() -> NotFound.of("data item", itemId)));
  }
}
