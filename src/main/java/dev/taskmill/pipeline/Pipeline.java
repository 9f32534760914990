package dev.taskmill.pipeline;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/** A set of tasks created together; each step names its task. */
@MongoEntity(collection = "pipelines")
public class Pipeline extends PanacheMongoEntityBase {

  @BsonId public String id;

  public String label;
  public List<Step> steps = new ArrayList<>();

  /**
   * The id of the user who owns it ({@code dev.taskmill.auth.Users}); what access is checked on.
   */
  public String owner;

  /** The owner's user name, for people (names are never reused for another id). */
  public String ownerName;

  public Instant createdAt;

  /**
   * When the retention sweep deletes it, once its tasks are finished or deleted: when the last of
   * them expires. Null: kept until deleted.
   */
  public Instant expiresAt;

  /** One step and the task it became. */
  public static class Step {
    public String name;
    public String taskId;
  }
}
