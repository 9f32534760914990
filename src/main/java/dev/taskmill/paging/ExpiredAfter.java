package dev.taskmill.paging;

import com.mongodb.client.model.Filters;
import java.time.Instant;
import org.bson.conversions.Bson;

/**
 * The filter of one page of documents that expired before a time, read in (expiresAt, _id) order:
 * those after the last one of the previous page (keyset paging on the expiresAt index), so a sweep
 * that deletes as it reads neither skips nor repeats a document.
 */
public final class ExpiredAfter {

  private ExpiredAfter() {}

  /**
   * Documents whose {@code expiresAt} is before {@code now} and that come after the document {@code
   * afterId} that expired at {@code afterAt} (both null: from the first).
   */
  public static Bson filter(Instant now, Instant afterAt, String afterId) {
    if (afterId == null) {
      return Filters.lt("expiresAt", now);
    }
    return Filters.and(
        Filters.gte("expiresAt", afterAt),
        Filters.lt("expiresAt", now),
        Filters.or(
            Filters.gt("expiresAt", afterAt),
            Filters.and(Filters.eq("expiresAt", afterAt), Filters.gt("_id", afterId))));
  }
}
