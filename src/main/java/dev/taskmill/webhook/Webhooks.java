package dev.taskmill.webhook;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.taskmill.auth.Caller;
import dev.taskmill.data.DataRepository;
import dev.taskmill.failure.Conflict;
import dev.taskmill.failure.FieldError;
import dev.taskmill.failure.Invalid;
import dev.taskmill.failure.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.conversions.Bson;

/**
 * Users' webhooks: each user sees and changes their own, an admin every one. Everything a client
 * sends is checked before anything is written; a bad field is a 422 that names it.
 */
@ApplicationScoped
public class Webhooks {

  /** How many webhooks one user may have: each is called for every event it hears. */
  static final int MAX_PER_USER = 100;

  static final int MAX_DESCRIPTION = 500;
  static final int MIN_SECRET = 16;
  static final int MAX_SECRET = 256;

  private final WebhookUrls urls;
  private final Deliveries deliveries;
  private final Clock clock;

  Webhooks(WebhookUrls urls, Deliveries deliveries, Clock clock) {
    this.urls = urls;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  /** Creates a webhook owned by {@code caller}; its secret is generated when none is given. */
  public Webhook create(WebhookSpec spec, Caller caller) {
    if (spec == null) {
      throw new Invalid(
          "Send a JSON object such as {\"url\": \"https://example.com/hook\", \"events\":"
              + " [\"task.succeeded\"]}.");
    }
    List<FieldError> errors = new ArrayList<>();
    urls.problem(spec.url()).ifPresent(p -> errors.add(new FieldError("url", p)));
    List<String> events = events(spec.events(), caller, errors);
    if (spec.secret() != null
        && (spec.secret().length() < MIN_SECRET || spec.secret().length() > MAX_SECRET)) {
      errors.add(
          new FieldError(
              "secret",
              "must be " + MIN_SECRET + " to " + MAX_SECRET + " characters, or left out"));
    }
    description(spec.description(), errors);
    if (!errors.isEmpty()) {
      throw new Invalid(errors);
    }
    if (Webhook.count("owner", caller.userId()) >= MAX_PER_USER) {
      throw new Conflict(
          "You have "
              + MAX_PER_USER
              + " webhooks, the most a user may have; delete one you no longer need first.");
    }
    Webhook webhook = new Webhook();
    webhook.id = DataRepository.newId();
    webhook.url = spec.url();
    webhook.events = events;
    webhook.secret = spec.secret() != null ? spec.secret() : Signatures.newSecret();
    webhook.description = spec.description();
    webhook.active = spec.active() == null || spec.active();
    webhook.owner = caller.userId();
    webhook.ownerName = caller.user();
    webhook.ownerIsAdmin = caller.isAdmin();
    webhook.createdAt = clock.instant();
    webhook.updatedAt = webhook.createdAt;
    webhook.persist();
    return webhook;
  }

  /** The webhooks {@code caller} may see, oldest first. */
  public List<Webhook> list(Caller caller) {
    Bson filter =
        caller.ownerFilter() == null ? Filters.empty() : Filters.eq("owner", caller.ownerFilter());
    return Webhook.<Webhook>mongoCollection()
        .find(filter)
        .sort(Sorts.ascending("_id"))
        .into(new ArrayList<>());
  }

  /** The webhook as {@code caller} may see it, or a 400/404 problem. */
  public Webhook get(String id, Caller caller) {
    DataRepository.requireValidId(id, "webhook");
    Webhook webhook = Webhook.findById(id);
    if (webhook == null || !caller.canSee(webhook.owner)) {
      throw NotFound.of("webhook", id);
    }
    return webhook;
  }

  /** Changes the fields {@code spec} sets; the secret stays. */
  public Webhook update(String id, WebhookSpec spec, Caller caller) {
    Webhook webhook = get(id, caller);
    if (spec == null) {
      throw new Invalid(
          "Send a JSON object with the fields to change: url, events, description" + " or active.");
    }
    List<FieldError> errors = new ArrayList<>();
    if (spec.url() != null) {
      urls.problem(spec.url()).ifPresent(p -> errors.add(new FieldError("url", p)));
    }
    List<String> events =
        spec.events() == null ? webhook.events : events(spec.events(), caller, errors);
    if (spec.secret() != null) {
      errors.add(new FieldError("secret", "cannot be changed; create a new webhook for a new one"));
    }
    description(spec.description(), errors);
    if (!errors.isEmpty()) {
      throw new Invalid(errors);
    }
    if (spec.url() != null) {
      webhook.url = spec.url();
    }
    webhook.events = events;
    if (spec.description() != null) {
      webhook.description = spec.description();
    }
    if (spec.active() != null) {
      webhook.active = spec.active();
    }
    webhook.updatedAt = clock.instant();
    webhook.update();
    return webhook;
  }

  /** The newest {@code limit} deliveries of a webhook {@code caller} may see. */
  public List<Delivery> deliveries(String id, int limit, Caller caller) {
    return deliveries.newest(get(id, caller).id, limit);
  }

  /** Sends a delivery again (due now, the whole retry time ahead), with the same id and body. */
  public Delivery redeliver(String id, String deliveryId, Caller caller) {
    Webhook webhook = get(id, caller);
    Delivery delivery =
        deliveries
            .find(webhook.id, deliveryId)
            .orElseThrow(() -> NotFound.of("delivery of this webhook", deliveryId));
    return deliveries
        .redeliver(delivery)
        .orElseThrow(
            () ->
                new Conflict(
                    "Delivery '"
                        + deliveryId
                        + "' is being sent right now; ask again once this"
                        + " try has ended."));
  }

  /** Deletes the webhook and its deliveries, sent or not. */
  public void delete(String id, Caller caller) {
    Webhook webhook = get(id, caller);
    webhook.delete();
    deliveries.deleteOf(webhook.id);
  }

  /** Every active webhook of these owners (null: of every owner). */
  List<Webhook> activeOf(Set<String> owners) {
    Bson active = Filters.eq("active", true);
    Bson filter = owners == null ? active : Filters.and(active, Filters.in("owner", owners));
    return Webhook.<Webhook>mongoCollection().find(filter).into(new ArrayList<>());
  }

  /** The webhook with this id, whoever owns it. */
  Optional<Webhook> find(String id) {
    return Optional.ofNullable(Webhook.findById(id));
  }

  private static List<String> events(List<String> given, Caller caller, List<FieldError> errors) {
    if (given == null || given.isEmpty()) {
      errors.add(new FieldError("events", "name at least one of " + WebhookEvent.names()));
      return List.of();
    }
    Set<String> events = new LinkedHashSet<>();
    for (int i = 0; i < given.size(); i++) {
      String name = given.get(i);
      Optional<WebhookEvent> event = WebhookEvent.parse(name);
      if (event.isEmpty()) {
        errors.add(
            new FieldError(
                "events[" + i + "]",
                "'" + name + "' is not an event; the events are " + WebhookEvent.names()));
      } else if (event.get().adminOnly() && !caller.isAdmin()) {
        errors.add(
            new FieldError(
                "events[" + i + "]", "'" + name + "' is heard by admins' webhooks only"));
      } else {
        events.add(name);
      }
    }
    return new ArrayList<>(events);
  }

  private static void description(String description, List<FieldError> errors) {
    if (description != null && description.length() > MAX_DESCRIPTION) {
      errors.add(
          new FieldError("description", "must be at most " + MAX_DESCRIPTION + " characters"));
    }
  }
}
