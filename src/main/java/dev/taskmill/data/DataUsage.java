package dev.taskmill.data;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/** Which unfinished tasks still need a data item, so it is not deleted under them. */
@ApplicationScoped
public class DataUsage {

  /** Task statuses after which a task no longer reads or writes its data. */
  static final List<String> FINISHED = List.of("SUCCEEDED", "FAILED", "CANCELLED");

  /**
   * Ids of the unfinished tasks that produce or consume {@code item}. Reached by {@code _id} from
   * the item's producer and consumers list, so it never scans the tasks collection.
   */
  public List<String> activeTasks(DataItem item) {
    Set<String> ids = new LinkedHashSet<>();
    if (item.producerTaskId != null) {
      ids.add(item.producerTaskId);
    }
    if (item.consumers != null) {
      ids.addAll(item.consumers);
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    List<String> active = new ArrayList<>();
    for (Document task :
        DataItem.mongoDatabase()
            .getCollection("tasks")
            .find(Filters.and(Filters.in("_id", ids), Filters.nin("status", FINISHED)))
            .projection(Projections.include("_id"))) {
      active.add(task.getString("_id"));
    }
    return active.stream().distinct().sorted().toList();
  }
}
