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
  public String owner;
  public Instant createdAt;

  /** One step and the task it became. */
  public static class Step {
    public String name;
    public String taskId;
  }
}
