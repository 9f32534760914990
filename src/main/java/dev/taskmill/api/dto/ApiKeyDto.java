package dev.taskmill.api.dto;

import dev.taskmill.auth.ApiKey;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An API key as listed: never its secret, which is shown once when the key is created. */
@Schema(name = "ApiKey")
public record ApiKeyDto(
    @Schema(description = "The public part of the key (tm_<keyId>_...); names it for revocation")
        String keyId,
    @Schema(description = "The name of the user the key belongs to") String user,
    @Schema(description = "The id of that user: what owns the things the key creates")
        String userId,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"admin", "user", "worker"})
        String role,
    String name,
    Instant createdAt,
    String createdBy,
    @Schema(description = "Set once revoked; a revoked key is refused") Instant revokedAt) {

  public static ApiKeyDto of(ApiKey key) {
    return new ApiKeyDto(
        key.keyId,
        key.user,
        key.userId,
        key.role == null ? null : key.role.wire(),
        key.name,
        key.createdAt,
        key.createdBy,
        key.revokedAt);
  }
}
