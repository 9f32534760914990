package dev.taskmill.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new webhook and its secret, which no later answer shows. */
@Schema(name = "CreatedWebhook")
public record CreatedWebhookDto(
    @Schema(
            description =
                "The HMAC-SHA256 key of X-Taskmill-Signature; shown in this answer only, keep it")
        String secret,
    WebhookDto webhook) {}
