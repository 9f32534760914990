package dev.taskmill.api.dto;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Who the presented key belongs to. */
@Schema(name = "Caller")
public record CallerDto(
    @Schema(description = "The user's name") String user,
    @Schema(description = "The user's id: what owns the things this key creates") String userId,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"admin", "user"})
        String role,
    String keyId) {}
