package dev.taskmill.api.dto;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A TEXT or JSON item created from content in the request body. */
@Schema(name = "InlineDataRequest")
public record InlineDataRequest(
    @Schema(description = "Defaults to the kind, e.g. 'text'") String label,
    @Schema(
            description = "TEXT or JSON",
            enumeration = {"TEXT", "JSON"},
            required = true)
        String kind,
    @Schema(description = "The content of a TEXT item") String text,
    @Schema(
            description = "The content of a JSON item: any JSON value",
            implementation = Object.class)
        JsonNode json,
    List<String> tags,
    @Schema(description = "A JSON object", implementation = Object.class) JsonNode metadata,
    @Schema(
            description =
                "Delete the item this many seconds after creation (once no unfinished task"
                    + " reads it), 1..315360000 (10 years); default the owner's default TTL,"
                    + " else kept until deleted",
            minimum = "1",
            maximum = "315360000")
        Long ttlSeconds) {}
