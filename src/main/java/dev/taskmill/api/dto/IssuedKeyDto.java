package dev.taskmill.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A key just created: the only time its secret is shown. */
@Schema(name = "IssuedApiKey")
public record IssuedKeyDto(
    @Schema(description = "Send as 'Authorization: Bearer <key>'; it cannot be shown again")
        String key,
    ApiKeyDto details,
    @Schema(
            description =
                "true: the user was created for this key; false: the key joins an existing user"
                    + " of that name (and its things)")
        boolean newUser) {}
