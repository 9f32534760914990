package dev.taskmill.api.dto;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A webhook to create, or the fields of one to change (absent fields stay as they are). */
@Schema(name = "WebhookRequest")
public record WebhookRequest(
    @Schema(
            description = "http or https; private and loopback addresses are refused",
            maxLength = 2000)
        String url,
    @Schema(
            description =
                "task.succeeded, task.failed, task.cancelled, pipeline.succeeded, pipeline.failed,"
                    + " module.available, module.failed (module.* for admins only)")
        List<String> events,
    @Schema(
            description =
                "Create only: the signing key, 16 to 256 characters; generated when left out",
            minLength = 16,
            maxLength = 256)
        String secret,
    @Schema(maxLength = 500) String description,
    @Schema(description = "Whether new events are delivered; default true") Boolean active) {}
