package dev.taskmill.task.store;

import com.mongodb.client.model.Sorts;
import org.bson.conversions.Bson;

/**
 * The order of a task listing: a column and a direction, ties broken by creation (id) in the same
 * direction, so every page of an offset-paged listing is stable.
 */
public record TaskSort(Column column, boolean ascending) {

  /** The columns a listing sorts by, each a stored field with an index that can serve it. */
  public enum Column {
    /** Creation order: ids are ObjectIds. */
    CREATED("_id"),
    FINISHED("finishedAt"),
    MODULE("module"),
    STATUS("status");

    final String field;

    Column(String field) {
      this.field = field;
    }
  }

  /** Newest first: the default order. */
  public static final TaskSort NEWEST_FIRST = new TaskSort(Column.CREATED, false);

  /** The MongoDB sort document. */
  public Bson bson() {
    if (column == Column.CREATED) {
      return ascending ? Sorts.ascending("_id") : Sorts.descending("_id");
    }
    return ascending ? Sorts.ascending(column.field, "_id") : Sorts.descending(column.field, "_id");
  }
}
