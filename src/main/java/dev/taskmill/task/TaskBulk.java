package dev.taskmill.task;

import dev.taskmill.auth.Caller;
import dev.taskmill.failure.Conflict;
import dev.taskmill.failure.Invalid;
import dev.taskmill.failure.MalformedRequest;
import dev.taskmill.failure.NotFound;
import dev.taskmill.task.store.TaskFilter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Retries, cancels or deletes many tasks at once, named by ids or selected by a listing's filter,
 * each with {@link TaskService}'s own retry or cancel (or {@link TaskDeletion}'s delete): a bulk
 * action decides nothing a single one does not. At most {@link #LIMIT} tasks per request, so one
 * request's work is bounded.
 */
@ApplicationScoped
public class TaskBulk {

  /** The most tasks one request acts on. */
  public static final int LIMIT = 10_000;

  /** How many failures an answer lists by id (it counts them all). */
  public static final int LISTED_FAILURES = 100;

  /** A task that was not changed, and why. */
  public record Failure(String id, String reason) {}

  /**
   * What a bulk action did.
   *
   * @param matched tasks the ids named (and the caller may see) or the filter selected
   * @param changed tasks retried or cancelled
   * @param failed the first {@link #LISTED_FAILURES} tasks not changed, with the reason
   * @param failedTotal how many were not changed in all
   */
  public record Outcome(int matched, int changed, List<Failure> failed, int failedTotal) {}

  private final TaskService service;
  private final TaskDeletion deletion;
  private final TaskRepository tasks;

  TaskBulk(TaskService service, TaskDeletion deletion, TaskRepository tasks) {
    this.service = service;
    this.deletion = deletion;
    this.tasks = tasks;
  }

  /**
   * Retries every FAILED or CANCELLED task of {@code ids}, or of {@code filter} when ids is null.
   */
  public Outcome retry(List<String> ids, TaskFilter filter, Caller caller) {
    return apply(ids, filter, caller, service::retry);
  }

  /** Cancels every unfinished task of {@code ids}, or of {@code filter} when ids is null. */
  public Outcome cancel(List<String> ids, TaskFilter filter, Caller caller) {
    return apply(ids, filter, caller, service::cancel);
  }

  /**
   * Deletes every finished task of {@code ids}, or of {@code filter} when ids is null, with its
   * unused outputs.
   */
  public Outcome delete(List<String> ids, TaskFilter filter, Caller caller) {
    return apply(ids, filter, caller, deletion::delete);
  }

  private Outcome apply(
      List<String> ids, TaskFilter filter, Caller caller, BiFunction<String, Caller, ?> action) {
    List<String> selected = ids != null ? named(ids) : selected(filter);
    int matched = 0;
    int changed = 0;
    int failedTotal = 0;
    List<Failure> failed = new ArrayList<>();
    for (String id : selected) {
      String reason;
      boolean found = true;
      try {
        action.apply(id, caller);
        changed++;
        reason = null;
      } catch (NotFound | MalformedRequest e) {
        found = false;
        reason = e.getMessage();
      } catch (Conflict e) {
        reason = e.getMessage();
      }
      if (found) {
        matched++;
      }
      if (reason != null) {
        failedTotal++;
        if (failed.size() < LISTED_FAILURES) {
          failed.add(new Failure(id, reason));
        }
      }
    }
    return new Outcome(matched, changed, failed, failedTotal);
  }

  private static List<String> named(List<String> ids) {
    LinkedHashSet<String> distinct = new LinkedHashSet<>();
    for (String id : ids) {
      if (id == null) {
        throw Invalid.field("ids", "an id is null; send task ids as strings.");
      }
      distinct.add(id);
    }
    if (distinct.size() > LIMIT) {
      throw Invalid.field(
          "ids",
          distinct.size() + " tasks named; at most " + LIMIT + " per request. Send them in parts.");
    }
    return new ArrayList<>(distinct);
  }

  private List<String> selected(TaskFilter filter) {
    List<String> ids = tasks.ids(filter, LIMIT + 1);
    if (ids.size() > LIMIT) {
      throw new Invalid(
          "The filter selects more than "
              + LIMIT
              + " tasks; one request acts on at most "
              + LIMIT
              + ". Narrow the filter (status, module, pipeline, label, id, created) or name the tasks by ids.");
    }
    return ids;
  }
}
