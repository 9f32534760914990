package dev.taskmill.data;

import dev.taskmill.media.MediaInfo;
import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/** A labelled piece of data: inline text/JSON in the document, or a file in the file store. */
@MongoEntity(collection = "data")
public class DataItem extends PanacheMongoEntityBase {

  /** A 24-hex-digit ObjectId as text, so ids read the same in the API and in the database. */
  @BsonId public String id;

  public String label;
  public List<String> tags = new ArrayList<>();
  public DataKind kind;
  public String mediaType;

  /** True: the bytes are in the file store under {@link #storageKey}; false: in {@link #text}. */
  public boolean isFile;

  public DataStatus status;
  public Long size;
  public String sha256;
  public DataOrigin origin;
  public String producerTaskId;
  public String producerOutput;

  /**
   * The id of the user who owns it ({@code dev.taskmill.auth.Users}); what access is checked on.
   */
  public String owner;

  /** The owner's user name, for people (names are never reused for another id). */
  public String ownerName;

  /** User metadata as JSON text ({@code $}- and dotted keys are not portable as BSON names). */
  public String metadata;

  /**
   * What the server's media probe read from the file's headers (container, duration, size, codecs);
   * null for inline items and for files that are neither media nor claimed to be. Never set by
   * clients, unlike {@link #metadata}.
   */
  public MediaInfo media;

  /** Why the item is FAILED, in words a person understands. */
  public String reason;

  /** Ids of the tasks that read this item, so a finished producer reaches them by {@code _id}. */
  public List<String> consumers = new ArrayList<>();

  /** File store key when {@link #isFile}; never shown to clients. */
  public String storageKey;

  /** Inline content (TEXT as is, JSON as its JSON text) when not {@link #isFile}. */
  public String text;

  public Instant createdAt;
  public Instant updatedAt;
  public Instant availableAt;

  /**
   * When the retention sweep may delete it (with its file), once no unfinished task needs it; null:
   * kept until deleted.
   */
  public Instant expiresAt;
}
