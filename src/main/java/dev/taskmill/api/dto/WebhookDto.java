package dev.taskmill.api.dto;

import dev.taskmill.webhook.Webhook;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A webhook as its owner sees it: never its secret (shown once, when created). */
@Schema(name = "Webhook")
public record WebhookDto(
    String id,
    String url,
    @Schema(description = "The events it hears, e.g. task.succeeded") List<String> events,
    String description,
    @Schema(description = "Whether new events are delivered to it") boolean active,
    @Schema(description = "The name of the user whose things it hears") String owner,
    @Schema(description = "The id of that user") String ownerId,
    Instant createdAt,
    Instant updatedAt) {

  public static WebhookDto of(Webhook w) {
    return new WebhookDto(
        w.id,
        w.url,
        w.events,
        w.description,
        w.active,
        w.ownerName,
        w.owner,
        w.createdAt,
        w.updatedAt);
  }
}
