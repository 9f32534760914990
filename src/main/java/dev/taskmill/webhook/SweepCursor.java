package dev.taskmill.webhook;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/**
 * Up to when the event sweep has stored every event's deliveries, kept in MongoDB so that a
 * restarted (or another) instance resumes there: what ended while no instance ran is found then.
 */
@ApplicationScoped
public class SweepCursor {

  private static final String ID = "events";

  private final MongoDatabase database;

  SweepCursor(MongoDatabase database) {
    this.database = database;
  }

  private MongoCollection<Document> collection() {
    return database.getCollection("webhook_cursor");
  }

  Optional<Instant> read() {
    Document cursor = collection().find(Filters.eq("_id", ID)).first();
    return cursor == null || cursor.getDate("at") == null
        ? Optional.empty()
        : Optional.of(cursor.getDate("at").toInstant());
  }

  /** Moves the cursor to {@code at}, never back (two instances may sweep at once). */
  void advance(Instant at) {
    collection()
        .updateOne(
            Filters.eq("_id", ID),
            Updates.max("at", Date.from(at)),
            new UpdateOptions().upsert(true));
  }
}
