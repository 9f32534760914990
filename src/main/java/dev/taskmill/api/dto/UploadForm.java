package dev.taskmill.api.dto;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The multipart form of an upload; documents the request body for generated clients. */
@Schema(name = "UploadForm")
public record UploadForm(
    @Schema(type = SchemaType.STRING, format = "binary", required = true) String file,
    @Schema(description = "Defaults to the file name") String label,
    @Schema(description = "Repeat the field or separate tags by commas") List<String> tags,
    @Schema(description = "A JSON object, as text", example = "{\"camera\":\"front\"}")
        String metadata,
    @Schema(
            description =
                "What the file is (IMAGE, VIDEO, AUDIO, TEXT, JSON, FILE); detected when left"
                    + " out. Content that clearly is not this kind is refused (422).",
            enumeration = {"IMAGE", "VIDEO", "AUDIO", "TEXT", "JSON", "FILE"})
        String kind,
    @Schema(
            type = SchemaType.INTEGER,
            description =
                "Delete the item this many seconds after the upload (once no unfinished task"
                    + " reads it), 1..315360000 (10 years); default the owner's default TTL,"
                    + " else kept until deleted",
            minimum = "1",
            maximum = "315360000")
        String ttlSeconds) {}
