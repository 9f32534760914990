package dev.taskmill.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The fields {@code PATCH /api/v1/users/{id}} may change; an absent field stays as it is. Only
 * documents the request body, which is read as a JSON object so unknown fields can be refused.
 */
@Schema(name = "UserPatchRequest")
public record UserPatchRequest(
    @Schema(
            description =
                "The most of the user's tasks that run at once across all instances, 1 to 10000;"
                    + " null removes the cap",
            minimum = "1",
            maximum = "10000",
            nullable = true)
        Integer maxConcurrentTasks) {}
