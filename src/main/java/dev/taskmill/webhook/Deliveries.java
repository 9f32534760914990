package dev.taskmill.webhook;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.taskmill.config.TaskmillConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * The stored deliveries and every change of one: stored once per key, claimed under a lease like a
 * task (so two instances never send one at once, and one whose sender died is sent again when its
 * lease runs out), then settled only by the lease holder.
 */
@ApplicationScoped
public class Deliveries {

  private static final Logger LOG = Logger.getLogger(Deliveries.class);

  private final Clock clock;
  private final Duration retryFor;

  Deliveries(Clock clock, TaskmillConfig config) {
    this.clock = clock;
    this.retryFor = config.webhooks().retryFor();
  }

  void onStart(@Observes StartupEvent event) {
    try {
      MongoCollection<Delivery> deliveries = collection();
      deliveries.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
      // the claim: due deliveries in order
      deliveries.createIndex(Indexes.ascending("status", "nextTryAt"));
      // a webhook's deliveries, newest first
      deliveries.createIndex(
          Indexes.compoundIndex(
              Indexes.ascending("webhookId"), Indexes.descending("createdAt", "_id")));
      Webhook.mongoCollection().createIndex(Indexes.ascending("owner"));
    } catch (RuntimeException e) {
      // Without the unique index an event could be stored twice; say so loudly, but keep serving.
      LOG.errorf("could not create webhook indexes: %s", e.getMessage());
    }
  }

  private static MongoCollection<Delivery> collection() {
    return Delivery.mongoCollection();
  }

  /**
   * Stores a new delivery of {@code body} due now.
   *
   * @return false when one with its key is stored already (the event was found before)
   */
  boolean store(
      Webhook webhook, WebhookEvent event, String subject, String key, String id, String body) {
    Delivery delivery = new Delivery();
    delivery.id = id;
    delivery.webhookId = webhook.id;
    delivery.owner = webhook.owner;
    delivery.event = event.wire();
    delivery.subject = subject;
    delivery.key = key;
    delivery.body = body;
    delivery.status = DeliveryStatus.PENDING;
    delivery.createdAt = clock.instant();
    delivery.nextTryAt = delivery.createdAt;
    delivery.retryUntil = delivery.createdAt.plus(retryFor);
    try {
      collection().insertOne(delivery);
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Claims the due delivery waiting longest, of a webhook not in {@code busyWebhooks}, for {@code
   * owner} until {@code lease} from now.
   */
  Optional<Delivery> claim(String owner, Duration lease, Collection<String> busyWebhooks) {
    Instant now = clock.instant();
    List<Bson> filters = new ArrayList<>();
    filters.add(Filters.eq("status", DeliveryStatus.PENDING.name()));
    filters.add(Filters.lte("nextTryAt", now));
    filters.add(Filters.or(Filters.eq("lease", null), Filters.lt("lease.expiresAt", now)));
    if (!busyWebhooks.isEmpty()) {
      filters.add(Filters.nin("webhookId", busyWebhooks));
    }
    Delivery.Lease held = new Delivery.Lease();
    held.owner = owner;
    held.token = UUID.randomUUID().toString();
    held.expiresAt = now.plus(lease);
    return Optional.ofNullable(
        collection()
            .findOneAndUpdate(
                Filters.and(filters),
                Updates.combine(Updates.set("lease", held), Updates.set("lastTryAt", now)),
                new FindOneAndUpdateOptions()
                    .sort(Sorts.ascending("nextTryAt"))
                    .returnDocument(ReturnDocument.AFTER)));
  }

  /** The receiver took it (2xx). */
  boolean delivered(Delivery delivery, int code) {
    return settle(
        delivery,
        Updates.set("status", DeliveryStatus.DELIVERED.name()),
        Updates.set("lastResponseCode", code),
        Updates.set("lastError", null),
        Updates.set("deliveredAt", clock.instant()),
        Updates.set("nextTryAt", null));
  }

  /**
   * A try failed ({@code code} null: no answer); tried again at {@code next}, or FAILED when there
   * is none.
   */
  boolean failedTry(Delivery delivery, Integer code, String error, Optional<Instant> next) {
    return settle(
        delivery,
        Updates.set(
            "status", (next.isPresent() ? DeliveryStatus.PENDING : DeliveryStatus.FAILED).name()),
        Updates.set("lastResponseCode", code),
        Updates.set("lastError", error),
        Updates.set("nextTryAt", next.orElse(null)));
  }

  private boolean settle(Delivery delivery, Bson... changes) {
    List<Bson> updates = new ArrayList<>(List.of(changes));
    updates.add(Updates.inc("attempts", 1));
    updates.add(Updates.set("lease", null));
    return collection()
            .updateOne(
                Filters.and(
                    Filters.eq("_id", delivery.id),
                    Filters.eq("lease.token", delivery.lease.token)),
                Updates.combine(updates))
            .getModifiedCount()
        == 1;
  }

  /** The delivery {@code id} of webhook {@code webhookId}. */
  Optional<Delivery> find(String webhookId, String id) {
    return Optional.ofNullable(
        collection()
            .find(Filters.and(Filters.eq("_id", id), Filters.eq("webhookId", webhookId)))
            .first());
  }

  /** The newest {@code limit} deliveries of a webhook, newest first. */
  List<Delivery> newest(String webhookId, int limit) {
    return collection()
        .find(Filters.eq("webhookId", webhookId))
        // Ids are random UUIDs (they go out as X-Taskmill-Delivery): the time orders them.
        .sort(Sorts.descending("createdAt", "_id"))
        .limit(limit)
        .into(new ArrayList<>());
  }

  /**
   * Makes a delivery due now again, with the whole retry time ahead, unless it is being sent.
   *
   * @return the delivery after the change; empty when a sender holds it
   */
  Optional<Delivery> redeliver(Delivery delivery) {
    Instant now = clock.instant();
    return Optional.ofNullable(
        collection()
            .findOneAndUpdate(
                Filters.and(
                    Filters.eq("_id", delivery.id),
                    Filters.or(Filters.eq("lease", null), Filters.lt("lease.expiresAt", now))),
                Updates.combine(
                    Updates.set("status", DeliveryStatus.PENDING.name()),
                    Updates.set("nextTryAt", now),
                    Updates.set("retryUntil", now.plus(retryFor)),
                    Updates.set("lease", null)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
  }

  /** Deletes every delivery of a webhook. */
  void deleteOf(String webhookId) {
    collection().deleteMany(Filters.eq("webhookId", webhookId));
  }
}
