package dev.taskmill.webhook;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.instance.InstanceIdentity;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

/**
 * Sends due deliveries in parallel on its own managed executor, never on a request thread: at most
 * {@code concurrency} at once, and at most {@code per-webhook-concurrency} of one webhook, so a
 * slow receiver holds a few slots for at most the timeout each and never delays the others. Each is
 * claimed under a lease first; a try that fails is due again after the backoff.
 */
@ApplicationScoped
public class DeliveryDispatcher {

  private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

  private final Deliveries deliveries;
  private final Webhooks webhooks;
  private final DeliverySender sender;
  private final InstanceIdentity instance;
  private final Clock clock;
  private final Backoff backoff;
  private final int concurrency;
  private final int perWebhook;
  private final Duration lease;
  private final Semaphore slots;
  private final Map<String, AtomicInteger> sending = new ConcurrentHashMap<>();
  private ManagedExecutor executor;
  private volatile boolean stopping;

  DeliveryDispatcher(
      Deliveries deliveries,
      Webhooks webhooks,
      DeliverySender sender,
      InstanceIdentity instance,
      TaskmillConfig config,
      Clock clock) {
    this.deliveries = deliveries;
    this.webhooks = webhooks;
    this.sender = sender;
    this.instance = instance;
    this.clock = clock;
    this.backoff = new Backoff(config.webhooks().backoffBase(), config.webhooks().backoffMax());
    this.concurrency = Math.max(1, config.webhooks().concurrency());
    this.perWebhook = Math.max(1, config.webhooks().perWebhookConcurrency());
    // Long enough for a try to end on its own; a sender that died is replaced after it.
    this.lease = config.webhooks().timeout().multipliedBy(2).plusSeconds(30);
    this.slots = new Semaphore(concurrency);
  }

  @PostConstruct
  void start() {
    executor =
        ManagedExecutor.builder()
            .maxAsync(concurrency)
            .propagated(ThreadContext.NONE)
            .cleared(ThreadContext.ALL_REMAINING)
            .build();
  }

  void onStop(@Observes ShutdownEvent event) {
    stopping = true;
    // Tries in flight are cut off; their leases run out and another instance (or the next start)
    // sends them again: at least once.
    executor.shutdownNow();
  }

  /** Claims and starts due deliveries while slots are free; returns how many it started. */
  public int dispatch() {
    int started = 0;
    while (!stopping && slots.tryAcquire()) {
      Optional<Delivery> claimed;
      try {
        claimed = deliveries.claim(instance.id(), lease, busyWebhooks());
      } catch (RuntimeException e) {
        slots.release();
        throw e;
      }
      if (claimed.isEmpty()) {
        slots.release();
        break;
      }
      Delivery delivery = claimed.get();
      sending.computeIfAbsent(delivery.webhookId, id -> new AtomicInteger()).incrementAndGet();
      try {
        executor.runAsync(() -> attempt(delivery)).whenComplete((r, e) -> done(delivery));
      } catch (RuntimeException e) {
        // The executor is shutting down: the lease runs out and the delivery is claimed again.
        done(delivery);
        break;
      }
      started++;
    }
    return started;
  }

  private Set<String> busyWebhooks() {
    return sending.entrySet().stream()
        .filter(e -> e.getValue().get() >= perWebhook)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  private void done(Delivery delivery) {
    sending.computeIfPresent(
        delivery.webhookId, (id, count) -> count.decrementAndGet() <= 0 ? null : count);
    slots.release();
  }

  /** One try, and its result written under the lease. */
  void attempt(Delivery delivery) {
    try {
      Optional<Webhook> webhook = webhooks.find(delivery.webhookId);
      if (webhook.isEmpty()) {
        deliveries.failedTry(delivery, null, "its webhook was deleted", Optional.empty());
        return;
      }
      DeliverySender.Result result = sender.send(webhook.get(), delivery);
      if (stopping) {
        return; // cut off by shutdown: not a try of the receiver; the lease runs out
      }
      if (result.ok()) {
        deliveries.delivered(delivery, result.code());
        return;
      }
      var next = backoff.nextTry(delivery.attempts + 1, clock.instant(), delivery.retryUntil);
      deliveries.failedTry(delivery, result.code(), result.error(), next);
      if (next.isEmpty()) {
        LOG.infof(
            "webhook %s: delivery %s FAILED after %d tries: %s",
            delivery.webhookId, delivery.id, delivery.attempts + 1, result.error());
      }
    } catch (RuntimeException e) {
      if (!stopping) {
        LOG.warnf(
            "webhook delivery %s: could not be settled (%s); its lease runs out and it is"
                + " sent again",
            delivery.id, e.toString());
      }
    }
  }
}
