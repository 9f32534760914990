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
            enumeration = {"admin", "user", "worker"})
        String role,
    String keyId,
    @Schema(description = "What the user stores, and their quota") StorageDto storage,
    @Schema(
            description =
                "ttlSeconds the user's new tasks and items get when they give none (set by an"
                    + " admin); absent: kept until deleted")
        Long defaultTtlSeconds) {

  /** A user's storage use. */
  @Schema(name = "StorageUse")
  public record StorageDto(
      @Schema(description = "Bytes of the user's data items, files and inline content") long bytes,
      @Schema(description = "The user's data items (PENDING outputs count, with 0 bytes)")
          long items,
      @Schema(description = "The most bytes the user may store (set by an admin); absent: no quota")
          Long quotaBytes) {}
}
