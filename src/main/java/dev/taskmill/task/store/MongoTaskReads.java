package dev.taskmill.task.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.taskmill.paging.CreatedRange;
import dev.taskmill.paging.Paging;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The reads of {@link MongoTaskStore}, each served by an index of {@link TaskStoreIndexes}: the
 * lists a dashboard shows and the counts by status are queries on them, not collections kept
 * beside.
 */
abstract class MongoTaskReads implements TaskStore {

  /** What {@link #queue} reads of each task besides the claim order's fields. */
  private static final List<String> QUEUE_FIELDS =
      List.of("_id", "module", "status", "notBefore", "owner", "needs");

  protected final MongoCollection<Task> tasks;
  protected final Clock clock;

  MongoTaskReads(MongoCollection<Task> tasks, Clock clock) {
    this.tasks = tasks;
    this.clock = clock;
  }

  @Override
  public Optional<Task> find(String id) {
    return Optional.ofNullable(tasks.find(Filters.eq("_id", id)).first());
  }

  @Override
  public List<Task> findAll(Collection<String> ids) {
    return tasks.find(Filters.in("_id", ids)).into(new ArrayList<>());
  }

  @Override
  public Set<String> existingIds(Collection<String> ids) {
    Set<String> found = new HashSet<>();
    if (!ids.isEmpty()) {
      tasks
          .withDocumentClass(Document.class)
          .find(Filters.in("_id", ids))
          .projection(Projections.include("_id"))
          .forEach(doc -> found.add(doc.getString("_id")));
    }
    return found;
  }

  @Override
  public List<Task> findByStatus(TaskStatus status) {
    // Ids are ObjectIds: their order is creation order.
    return tasks
        .find(Filters.eq("status", status.name()))
        .sort(Sorts.ascending("_id"))
        .into(new ArrayList<>());
  }

  @Override
  public List<Task> failedBecause(String taskId) {
    return tasks
        .find(Filters.and(Filters.eq("failedBecause", taskId), Filters.eq("status", "FAILED")))
        .into(new ArrayList<>());
  }

  @Override
  public List<Task> findExpiredLeases() {
    return tasks
        .find(
            Filters.and(
                Filters.eq("status", TaskStatus.RUNNING.name()),
                Filters.lt("lease.expiresAt", clock.instant())))
        .into(new ArrayList<>());
  }

  @Override
  public List<Task> findDueTimers() {
    return tasks
        .find(
            Filters.and(
                Filters.eq("status", TaskStatus.WAITING.name()),
                Filters.lte("notBefore", clock.instant())))
        .into(new ArrayList<>());
  }

  @Override
  public Optional<Instant> nextNotBefore(TaskStatus status) {
    Task first =
        tasks
            .find(
                Filters.and(
                    Filters.eq("status", status.name()), Filters.gt("notBefore", clock.instant())))
            .sort(Sorts.ascending("notBefore"))
            .limit(1)
            .first();
    return Optional.ofNullable(first).map(t -> t.notBefore);
  }

  @Override
  public Map<TaskStatus, Long> countByStatus(String owner) {
    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    for (TaskStatus status : TaskStatus.values()) {
      // One count per status on an index whose prefix is (owner,) status: no counters to keep.
      counts.put(status, tasks.countDocuments(owned(owner, Filters.eq("status", status.name()))));
    }
    return counts;
  }

  @Override
  public RunningCounts runningCounts() {
    Map<String, Integer> byModule = new java.util.HashMap<>();
    Map<String, Integer> byOwner = new java.util.HashMap<>();
    tasks
        .withDocumentClass(Document.class)
        .find(Filters.eq("status", TaskStatus.RUNNING.name()))
        .projection(Projections.include("module", "owner"))
        .forEach(
            doc -> {
              byModule.merge(String.valueOf(doc.getString("module")), 1, Integer::sum);
              byOwner.merge(String.valueOf(doc.getString("owner")), 1, Integer::sum);
            });
    return new RunningCounts(byModule, byOwner);
  }

  @Override
  public Backlog backlog() {
    return BacklogRead.of(tasks);
  }

  @Override
  public List<Task> running(String owner, int limit) {
    return tasks
        .find(owned(owner, Filters.eq("status", TaskStatus.RUNNING.name())))
        .sort(Sorts.ascending("startedAt"))
        .limit(limit)
        .into(new ArrayList<>());
  }

  @Override
  public List<Task> planned(String owner, int limit) {
    List<Task> planned =
        tasks
            .find(owned(owner, Filters.eq("status", TaskStatus.QUEUED.name())))
            .sort(ClaimOrder.SORT)
            .limit(limit)
            .into(new ArrayList<>());
    if (planned.size() < limit) {
      tasks
          .find(
              owned(
                  owner,
                  Filters.and(
                      Filters.eq("status", TaskStatus.WAITING.name()),
                      Filters.ne("notBefore", null))))
          .sort(Sorts.ascending("notBefore"))
          .limit(limit - planned.size())
          .into(planned);
    }
    return planned;
  }

  @Override
  public List<Task> queue(int limit) {
    List<String> fields = new ArrayList<>(QUEUE_FIELDS);
    fields.addAll(ClaimOrder.FIELDS);
    return tasks
        .find(Filters.eq("status", TaskStatus.QUEUED.name()))
        .projection(Projections.include(fields))
        .sort(ClaimOrder.SORT)
        .limit(limit)
        .into(new ArrayList<>());
  }

  @Override
  public List<Task> endedSince(TaskStatus status, Instant since, Collection<String> owners) {
    return tasks
        .find(
            Filters.and(
                Filters.eq("status", status.name()),
                Filters.gte("finishedAt", since),
                Filters.in("owner", owners)))
        .into(new ArrayList<>());
  }

  @Override
  public List<String> expired(TaskStatus status, Instant now, int limit) {
    List<String> ids = new ArrayList<>();
    tasks
        .withDocumentClass(org.bson.Document.class)
        .find(Filters.and(Filters.eq("status", status.name()), Filters.lt("expiresAt", now)))
        .sort(Sorts.ascending("expiresAt"))
        .projection(com.mongodb.client.model.Projections.include("_id"))
        .limit(limit)
        .forEach(doc -> ids.add(doc.getString("_id")));
    return ids;
  }

  public List<Task> succeededWithReuseKey(String reuseKey, String owner, int limit) {
    return tasks
        .find(
            Filters.and(
                Filters.eq("reuseKey", reuseKey),
                Filters.eq("owner", owner),
                Filters.eq("status", TaskStatus.SUCCEEDED.name())))
        .sort(Sorts.descending("finishedAt"))
        .limit(limit)
        .into(new ArrayList<>());
  }

  @Override
  public List<Task> finished(Collection<TaskStatus> statuses, String owner, int limit) {
    // One query per status, each on the (status, finishedAt) index, merged here: an index serves an
    // equality and a sort on every server, where "status in (...)" sorted may need a merge plan.
    List<Task> finished = new ArrayList<>();
    for (TaskStatus status : statuses) {
      tasks
          .find(owned(owner, Filters.eq("status", status.name())))
          .sort(Sorts.descending("finishedAt"))
          .limit(limit)
          .into(finished);
    }
    finished.sort(
        Comparator.comparing(
                (Task t) -> t.finishedAt, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(t -> t.id, Comparator.reverseOrder()));
    return finished.size() > limit ? new ArrayList<>(finished.subList(0, limit)) : finished;
  }

  @Override
  public Paging.Page<Task> list(TaskFilter filter, TaskSort sort, Paging paging) {
    return paging.sorted(tasks, filters(filter), sort.bson());
  }

  @Override
  public List<String> ids(TaskFilter filter, int limit) {
    List<Bson> filters = filters(filter);
    List<String> ids = new ArrayList<>();
    tasks
        .withDocumentClass(Document.class)
        .find(filters.isEmpty() ? new Document() : Filters.and(filters))
        .projection(Projections.include("_id"))
        .sort(Sorts.descending("_id"))
        .limit(limit)
        .forEach(doc -> ids.add(doc.getString("_id")));
    return ids;
  }

  private static List<Bson> filters(TaskFilter filter) {
    List<Bson> filters = new ArrayList<>();
    if (filter.owner() != null) {
      filters.add(Filters.eq("owner", filter.owner()));
    }
    if (filter.status() != null) {
      filters.add(Filters.eq("status", filter.status().name()));
    }
    if (filter.module() != null) {
      filters.add(Filters.eq("module", filter.module()));
    }
    if (filter.label() != null) {
      filters.add(Paging.labelContains(filter.label()));
    }
    if (filter.pipeline() != null) {
      filters.add(Filters.eq("pipelineId", filter.pipeline()));
    }
    filters.addAll(
        new CreatedRange(filter.idPrefix(), filter.createdFrom(), filter.createdTo()).filters());
    return filters;
  }

  private static Bson owned(String owner, Bson filter) {
    return owner == null ? filter : Filters.and(Filters.eq("owner", owner), filter);
  }
}
