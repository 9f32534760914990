package dev.taskmill.api.dto;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code POST /api/v1/keys} takes. */
@Schema(name = "CreateApiKey")
public record CreateKeyRequest(
    @Schema(
            required = true,
            description = "The user the key belongs to: letters, digits, '.', '_', '-', 1..64",
            pattern = "^[A-Za-z0-9._-]{1,64}$")
        String user,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"admin", "user", "worker"},
            description =
                "worker: a remote worker's key, which may call only /api/v1/workers (see"
                    + " docs/worker-protocol.md)",
            defaultValue = "user")
        String role,
    @Schema(description = "What the key is for, up to 200 characters") String name) {}
