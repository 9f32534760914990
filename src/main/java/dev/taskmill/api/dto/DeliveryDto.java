package dev.taskmill.api.dto;

import dev.taskmill.webhook.Delivery;
import dev.taskmill.webhook.DeliveryStatus;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One event sent (or to be sent) to a webhook, and how its tries went. */
@Schema(name = "WebhookDelivery")
public record DeliveryDto(
    @Schema(description = "The X-Taskmill-Delivery header: the same on every try") String id,
    String webhookId,
    String event,
    @Schema(description = "The task, pipeline or module it is about") String subject,
    DeliveryStatus status,
    @Schema(description = "Tries made so far") int attempts,
    @Schema(description = "The status of the last answer; absent when there was none")
        Integer lastResponseCode,
    @Schema(description = "What went wrong in the last try") String lastError,
    @Schema(description = "When it is tried next (PENDING only)") Instant nextTryAt,
    @Schema(description = "No try after this: then it is FAILED") Instant retryUntil,
    Instant createdAt,
    Instant lastTryAt,
    Instant deliveredAt) {

  public static DeliveryDto of(Delivery d) {
    return new DeliveryDto(
        d.id,
        d.webhookId,
        d.event,
        d.subject,
        d.status,
        d.attempts,
        d.lastResponseCode,
        d.lastError,
        d.nextTryAt,
        d.retryUntil,
        d.createdAt,
        d.lastTryAt,
        d.deliveredAt);
  }
}
