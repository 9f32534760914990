package dev.taskmill.webhook;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * One event for one webhook: the exact body it is sent with (signed as it is stored), and how its
 * tries went. Its id is the {@code X-Taskmill-Delivery} header, the same on every try.
 */
@MongoEntity(collection = "webhook_deliveries")
public class Delivery extends PanacheMongoEntityBase {

  @BsonId public String id;

  public String webhookId;
  public String owner;

  /** The event's wire name. */
  public String event;

  /** The task, pipeline or module the event is about. */
  public String subject;

  /**
   * Webhook, event, subject and the time the subject reached its end: unique, so two sweeps (two
   * instances, or one looking back) store the event once.
   */
  public String key;

  /** The JSON body, sent byte for byte as stored, so the signature over it is stable. */
  public String body;

  public DeliveryStatus status;
  public int attempts;
  public Integer lastResponseCode;
  public String lastError;
  public Instant nextTryAt;

  /** After this no further try is made: the delivery is FAILED. */
  public Instant retryUntil;

  /** Who sends it now, until when; null while nobody does. */
  public Lease lease;

  public Instant createdAt;
  public Instant lastTryAt;
  public Instant deliveredAt;

  /** The instance sending it and the token that proves it. */
  public static class Lease {
    public String owner;
    public String token;
    public Instant expiresAt;
  }
}
