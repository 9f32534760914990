package dev.taskmill.mongo;

import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Whether a write waits for the journal (the disk) before its reply. A request that makes several
 * writes in a row needs only its last one on disk before it answers: a journal commit covers every
 * write applied before it, on MongoDB (one sequential journal) as on the embedded server (one H2
 * commit of everything applied). So the earlier writes of such a request are sent {@link #DEFERRED}
 * and the last one {@link #AWAITED}; a crash in between leaves what a crash between two writes
 * always left, and nothing the client was told about is lost.
 */
public enum Journal {
  /** The client's configured write concern ({@code quarkus.mongodb.write-concern.journal}). */
  AWAITED,
  /**
   * {@code j: false}: applied and acknowledged, made durable by the request's next AWAITED write.
   */
  DEFERRED;

  /** {@code collection} with this journal setting. */
  public <T> MongoCollection<T> on(MongoCollection<T> collection) {
    return this == AWAITED
        ? collection
        : collection.withWriteConcern(collection.getWriteConcern().withJournal(false));
  }

  /**
   * Whether a write command the embedded server received waits for the disk: all do, unless their
   * write concern says {@code j: false}.
   */
  static boolean awaited(Document command) {
    return !(command.get("writeConcern") instanceof Document concern
        && Boolean.FALSE.equals(concern.get("j")));
  }
}
