package dev.taskmill.data;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.bson.types.ObjectId;

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
    // Task ids are ObjectId hex text; match both spellings so the task model may choose either.
    List<Object> keys = new ArrayList<>(ids);
    for (String id : ids) {
      if (ObjectId.isValid(id)) {
        keys.add(new ObjectId(id));
      }
    }
    List<String> active = new ArrayList<>();
    for (Document task :
        DataItem.mongoDatabase()
            .getCollection("tasks")
            .find(Filters.and(Filters.in("_id", keys), Filters.nin("status", FINISHED)))
            .projection(Projections.include("_id"))) {
      Object id = task.get("_id");
      active.add(id instanceof ObjectId objectId ? objectId.toHexString() : String.valueOf(id));
    }
    return active.stream().distinct().sorted().toList();
  }
}
