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
                "The most bytes the user's data items may take (files and inline content); an"
                    + " upload or inline create beyond it is refused with 413. 0 or more; null:"
                    + " no quota",
            minimum = "0",
            nullable = true)
        Long storageQuotaBytes,
    @Schema(
            description =
                "ttlSeconds for the user's new tasks, pipelines and items that give none,"
                    + " 1..315360000; null: kept until deleted",
            minimum = "1",
            maximum = "315360000",
            nullable = true)
        Long defaultTtlSeconds,
    @Schema(
            description =
                "The most of the user's tasks that run at once across all instances, 1 to 10000;"
                    + " null removes the cap",
            minimum = "1",
            maximum = "10000",
            nullable = true)
        Integer maxConcurrentTasks) {}
