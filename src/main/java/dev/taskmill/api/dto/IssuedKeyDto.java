package dev.taskmill.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A key just created: the only time its secret is shown. */
@Schema(name = "IssuedApiKey")
public record IssuedKeyDto(
    @Schema(description = "Send as 'Authorization: Bearer <key>'; it cannot be shown again")
        String key,
    ApiKeyDto details) {}
