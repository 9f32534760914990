package dev.taskmill.webhook;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/** A URL a user wants called when some of their things reach an end. */
@MongoEntity(collection = "webhooks")
public class Webhook extends PanacheMongoEntityBase {

  @BsonId public String id;

  public String url;

  /** Wire names of the {@link WebhookEvent}s it hears. */
  public List<String> events = new ArrayList<>();

  /** The HMAC key deliveries are signed with; shown to its owner once, when created. */
  public String secret;

  public String description;

  /** Whether it is called; an inactive webhook gets no new deliveries. */
  public boolean active = true;

  /** The user id whose things it hears ({@code dev.taskmill.auth.Users}). */
  public String owner;

  public String ownerName;

  /** Whether its owner was an admin when it was saved: only then may it hear module events. */
  public boolean ownerIsAdmin;

  public Instant createdAt;
  public Instant updatedAt;

  /** Whether it hears {@code event}. */
  public boolean hears(WebhookEvent event) {
    return active && events.contains(event.wire()) && (!event.adminOnly() || ownerIsAdmin);
  }
}
