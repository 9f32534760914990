package dev.taskmill.task.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** {@link TaskStore#backlog()} on MongoDB: the QUEUED and RUNNING tasks, read in one pass. */
final class BacklogRead {

  private BacklogRead() {}

  static Backlog of(MongoCollection<Task> tasks) {
    Backlog.Counter counter = new Backlog.Counter();
    // A find of four small fields rather than a $group: the same answer from MongoDB, FerretDB
    // (whose $sum of a constant is 0) and the embedded server, which groups no faster than this.
    tasks
        .withDocumentClass(Document.class)
        .find(Filters.in("status", TaskStatus.QUEUED.name(), TaskStatus.RUNNING.name()))
        .projection(
            Projections.fields(
                Projections.include("status", "module", "needs", "owner", "queuedAt"),
                Projections.excludeId()))
        .forEach(
            doc -> {
              String module = String.valueOf(doc.getString("module"));
              List<String> needs = doc.getList("needs", String.class, List.of());
              String owner = String.valueOf(doc.getString("owner"));
              if (TaskStatus.QUEUED.name().equals(doc.getString("status"))) {
                Date queuedAt = doc.getDate("queuedAt");
                counter.queued(
                    module, needs, owner, queuedAt == null ? null : queuedAt.toInstant());
              } else {
                counter.running(module, needs, owner);
              }
            });
    return counter.backlog();
  }
}
