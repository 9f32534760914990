package dev.taskmill.api.dto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.config.ServerPaths;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataOrigin;
import dev.taskmill.data.DataStatus;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A data item as clients see it: its labels and state, never where its bytes are kept. */
@Schema(name = "DataItem")
public record DataItemDto(
    @Schema(description = "24 hex digits", example = "6566b3f1a2c4e10d2b9f0a11", required = true)
        String id,
    String label,
    List<String> tags,
    @Schema(required = true) DataKind kind,
    @Schema(
            description = "Detected from the content, not taken from the client",
            example = "image/png")
        String mediaType,
    @Schema(description = "true: bytes in the file store; false: text or JSON kept inline")
        boolean isFile,
    @Schema(required = true) DataStatus status,
    @Schema(description = "Length of the content in bytes (UTF-8 for inline content)") Long size,
    @Schema(description = "Lowercase hex SHA-256 of the content; also its ETag") String sha256,
    DataOrigin origin,
    String producerTaskId,
    String producerOutput,
    @Schema(description = "The name of the user who owns it") String owner,
    @Schema(description = "The id of the user who owns it (GET /api/v1/users)") String ownerId,
    @Schema(description = "Free-form JSON object set by the client", implementation = Object.class)
        JsonNode metadata,
    @Schema(
            description =
                "Media facts the server probed from the file's headers; absent for inline items"
                    + " and for files that are not media")
        MediaDto media,
    @Schema(description = "Why it is FAILED") String reason,
    @Schema(description = "Ids of the tasks that read it") List<String> consumers,
    Instant createdAt,
    Instant updatedAt,
    Instant availableAt,
    @Schema(
            description = "Where to download the content",
            example = "/api/v1/data/6566b3f1a2c4e10d2b9f0a11/content")
        String contentUrl,
    @Schema(
            description =
                "When the retention sweep deletes it with its content, once no unfinished task"
                    + " needs it; absent: kept until deleted")
        Instant expiresAt) {

  /**
   * Maps the entity; {@code json} parses the stored metadata text, {@code paths} hides server paths
   * in the reason it FAILED.
   */
  public static DataItemDto of(DataItem d, ObjectMapper json, ServerPaths paths) {
    return new DataItemDto(
        d.id,
        d.label,
        d.tags == null ? List.of() : d.tags,
        d.kind,
        d.mediaType,
        d.isFile,
        d.status,
        d.size,
        d.sha256,
        d.origin,
        d.producerTaskId,
        d.producerOutput,
        d.ownerName != null ? d.ownerName : d.owner,
        d.owner,
        metadata(d.metadata, json),
        MediaDto.of(d.media),
        paths.hide(d.reason),
        d.consumers == null ? List.of() : d.consumers,
        d.createdAt,
        d.updatedAt,
        d.availableAt,
        "/api/v1/data/" + d.id + "/content",
        d.expiresAt);
  }

  private static JsonNode metadata(String text, ObjectMapper json) {
    if (text == null) {
      return json.createObjectNode();
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      return json.createObjectNode();
    }
  }
}
