package dev.taskmill.api.dto;

import dev.taskmill.auth.UserSettings;
import dev.taskmill.auth.Users;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user: a name bound for good to the id that owns its things, and one role. */
@Schema(name = "User")
public record UserDto(
    @Schema(description = "What owns the user's things (ownerId on items and tasks)") String id,
    @Schema(description = "The name keys are created for") String name,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"admin", "user", "worker"})
        String role,
    Instant createdAt,
    @Schema(description = "Keys of this user not revoked") long activeKeys,
    @Schema(description = "The most bytes the user may store; absent: no quota")
        Long storageQuotaBytes,
    @Schema(
            description =
                "ttlSeconds of the user's new tasks and items that give none; absent: kept until"
                    + " deleted")
        Long defaultTtlSeconds,
    @Schema(
            description =
                "The most of the user's tasks that run at once across all instances (set by an"
                    + " admin); null: no cap of their own")
        Integer maxConcurrentTasks) {

  public static UserDto of(Users.User user, long activeKeys, UserSettings.Settings settings) {
    return new UserDto(
        user.id(),
        user.name(),
        user.role().wire(),
        user.createdAt(),
        activeKeys,
        settings.storageQuotaBytes(),
        settings.defaultTtlSeconds(),
        user.maxConcurrentTasks());
  }
}
