package dev.taskmill.task;

import com.mongodb.client.model.Filters;
import dev.taskmill.auth.Caller;
import dev.taskmill.failure.MalformedRequest;
import dev.taskmill.paging.Paging;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.bson.conversions.Bson;

/** Lists tasks for the API: filters, newest first, paged. */
@ApplicationScoped
public class TaskQueries {

  /** Tasks matching the filters (null means any), newest first. */
  public Paging.Page<Task> list(
      String status, String module, String label, Paging paging, Caller caller) {
    List<Bson> filters = new ArrayList<>();
    if (status != null && !status.isBlank()) {
      filters.add(Filters.eq("status", parseStatus(status).name()));
    }
    if (module != null && !module.isBlank()) {
      filters.add(Filters.eq("module", module));
    }
    if (label != null && !label.isBlank()) {
      filters.add(Paging.labelContains(label));
    }
    if (caller.ownerFilter() != null) {
      filters.add(Filters.eq("owner", caller.ownerFilter()));
    }
    return paging.newestFirst(TaskRepository.collection(), filters);
  }

  private static TaskStatus parseStatus(String status) {
    try {
      return TaskStatus.valueOf(status.toUpperCase());
    } catch (IllegalArgumentException e) {
      throw new MalformedRequest(
          "status '"
              + status
              + "' is not one of "
              + java.util.Arrays.toString(TaskStatus.values())
              + ".");
    }
  }
}
