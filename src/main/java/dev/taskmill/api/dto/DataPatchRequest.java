package dev.taskmill.api.dto;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The fields {@code PATCH /api/v1/data/{id}} may change; an absent field stays as it is. Only
 * documents the request body, which is read as a JSON object so unknown fields can be refused.
 */
@Schema(name = "DataPatchRequest")
public record DataPatchRequest(
    @Schema(description = "Non-blank") String label,
    @Schema(description = "Replaces all tags") List<String> tags,
    @Schema(description = "Replaces the metadata object", implementation = Object.class)
        Map<String, Object> metadata) {}
