package dev.taskmill.task;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.taskmill.data.TaskReferences;
import dev.taskmill.task.model.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/** Answers data/'s questions about tasks from the {@code tasks} collection. */
@ApplicationScoped
class TaskDataReferences implements TaskReferences {

  private static final List<String> FINISHED =
      Arrays.stream(TaskStatus.values()).filter(TaskStatus::isTerminal).map(Enum::name).toList();

  private final MongoDatabase database;

  TaskDataReferences(MongoDatabase database) {
    this.database = database;
  }

  private MongoCollection<Document> tasks() {
    return database.getCollection("tasks");
  }

  @Override
  public Set<String> unfinished(Collection<String> taskIds) {
    Set<String> unfinished = new HashSet<>();
    if (taskIds.isEmpty()) {
      return unfinished;
    }
    // By _id from the item's own lists, so it never scans the tasks collection.
    tasks()
        .find(Filters.and(Filters.in("_id", taskIds), Filters.nin("status", FINISHED)))
        .projection(Projections.include("_id"))
        .forEach(task -> unfinished.add(task.getString("_id")));
    return unfinished;
  }

  @Override
  public Set<String> published(Collection<String> storageKeys) {
    Set<String> published = new HashSet<>();
    if (storageKeys.isEmpty()) {
      return published;
    }
    tasks()
        .find(Filters.in("publication.storageKey", storageKeys))
        .projection(Projections.include("publication.storageKey"))
        .forEach(
            task ->
                task.getList("publication", Document.class, List.of()).stream()
                    .map(p -> p.getString("storageKey"))
                    .filter(storageKeys::contains)
                    .forEach(published::add));
    return published;
  }
}
