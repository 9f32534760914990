package dev.taskmill.paging;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * One page of a listing: which page and how many items on it. The API parses it from the query
 * ({@code api.PageQuery}); the services only use it to read that page.
 */
public record Paging(int page, int size) {

  /** Largest page a client may ask for. */
  public static final int MAX_SIZE = 500;

  /** Default page size. */
  public static final int DEFAULT_SIZE = 50;

  /** How many items to skip; a long, since page times size passes the int range. */
  public long offset() {
    return (long) page * size;
  }

  /** One page of a listing and how many match in all. */
  public record Page<T>(List<T> items, long total) {}

  /**
   * This page of the documents matching every one of {@code filters} (none: all), newest first (ids
   * are ObjectIds, so {@code _id} order is creation order), with the number that match.
   */
  public <T> Page<T> newestFirst(MongoCollection<T> collection, List<Bson> filters) {
    return sorted(collection, filters, Sorts.descending("_id"));
  }

  /**
   * This page of the documents matching every one of {@code filters} (none: all) in {@code order}
   * (which must end in {@code _id}, so ties keep one order from page to page), with the number that
   * match.
   */
  public <T> Page<T> sorted(MongoCollection<T> collection, List<Bson> filters, Bson order) {
    Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
    // No collection holds more documents than an int counts: a page beyond that is empty.
    List<T> items =
        offset() > Integer.MAX_VALUE
            ? new ArrayList<>()
            : collection
                .find(filter)
                .sort(order)
                .skip((int) offset())
                .limit(size)
                .into(new ArrayList<>());
    // Unfiltered, the collection's own count answers without reading every document.
    long total =
        filters.isEmpty() ? collection.estimatedDocumentCount() : collection.countDocuments(filter);
    return new Page<>(items, total);
  }

  /** A filter on labels that contain {@code text}, in any case (taken literally, not a pattern). */
  public static Bson labelContains(String text) {
    return Filters.regex("label", Pattern.compile(Pattern.quote(text), Pattern.CASE_INSENSITIVE));
  }
}
