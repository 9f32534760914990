package dev.taskmill.pipeline;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.taskmill.paging.ExpiredAfter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.conversions.Bson;

/** Pipelines past their expiresAt, for the retention sweep. */
@ApplicationScoped
public class ExpiredPipelines {

  /**
   * At most {@code limit} pipelines that expired before {@code now}, in (expiresAt, id) order after
   * the pipeline {@code afterId} that expired at {@code afterAt} (both null: from the first).
   */
  public List<Pipeline> page(Instant now, Instant afterAt, String afterId, int limit) {
    Bson filter = ExpiredAfter.filter(now, afterAt, afterId);
    return Pipeline.<Pipeline>mongoCollection()
        .find(filter)
        .sort(Sorts.ascending("expiresAt", "_id"))
        .limit(limit)
        .into(new ArrayList<>());
  }

  /** Deletes the pipeline {@code id} if it still expired before {@code now}; false if not. */
  public boolean delete(String id, Instant now) {
    return Pipeline.mongoCollection()
            .deleteOne(Filters.and(Filters.eq("_id", id), Filters.lt("expiresAt", now)))
            .getDeletedCount()
        > 0;
  }
}
