package dev.taskmill.task;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.taskmill.api.Paging;
import dev.taskmill.api.ProblemException;
import dev.taskmill.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.conversions.Bson;

/** Lists tasks for the API: filters, newest first, paged. */
@ApplicationScoped
public class TaskQueries {

  /** One page of tasks and how many match in all. */
  public record Result(List<Task> items, long total) {}

  /** Tasks matching the filters (null means any). */
  public Result list(String status, String module, String label, Paging paging, Caller caller) {
    List<Bson> filters = new ArrayList<>();
    if (status != null && !status.isBlank()) {
      filters.add(Filters.eq("status", parseStatus(status).name()));
    }
    if (module != null && !module.isBlank()) {
      filters.add(Filters.eq("module", module));
    }
    if (label != null && !label.isBlank()) {
      filters.add(
          Filters.regex("label", Pattern.compile(Pattern.quote(label), Pattern.CASE_INSENSITIVE)));
    }
    if (caller.ownerFilter() != null) {
      filters.add(Filters.eq("owner", caller.ownerFilter()));
    }
    Bson filter = filters.isEmpty() ? new org.bson.Document() : Filters.and(filters);
    List<Task> items =
        TaskRepository.collection()
            .find(filter)
            // Ids are ObjectIds, so _id order is creation order.
            .sort(Sorts.descending("_id"))
            .skip(paging.offset())
            .limit(paging.size())
            .into(new ArrayList<>());
    // Unfiltered, the collection's own count answers without reading every task.
    long total =
        filters.isEmpty()
            ? TaskRepository.collection().estimatedDocumentCount()
            : TaskRepository.collection().countDocuments(filter);
    return new Result(items, total);
  }

  private static TaskStatus parseStatus(String status) {
    try {
      return TaskStatus.valueOf(status.toUpperCase());
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(
          "status '"
              + status
              + "' is not one of "
              + java.util.Arrays.toString(TaskStatus.values())
              + ".");
    }
  }
}
