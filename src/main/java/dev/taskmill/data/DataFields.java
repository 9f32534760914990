package dev.taskmill.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.failure.Invalid;
import dev.taskmill.failure.MalformedRequest;
import dev.taskmill.validation.JsonLimits;
import dev.taskmill.validation.Unicode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates and normalises what clients say about an item: label, tags, metadata. */
final class DataFields {

  static final int MAX_LABEL = 500;
  static final int MAX_TAG = 100;
  static final int MAX_TAGS = 64;

  /** A validated PATCH; null fields stay as they are. */
  record Patch(String label, List<String> tags, String metadata) {}

  private final ObjectMapper json;

  DataFields(ObjectMapper json) {
    this.json = json;
  }

  String label(String label) {
    if (label == null || label.isBlank()) {
      throw new Invalid("'label' must not be blank.");
    }
    String stripped = label.strip();
    Unicode.require("label", stripped);
    if (stripped.length() > MAX_LABEL) {
      throw new Invalid("'label' is longer than " + MAX_LABEL + " characters.");
    }
    return stripped;
  }

  /** Each value may hold several tags separated by commas; blanks and repeats are dropped. */
  List<String> tags(List<String> values) {
    Set<String> tags = new LinkedHashSet<>();
    if (values != null) {
      for (String value : values) {
        if (value == null) {
          continue;
        }
        for (String tag : value.split(",")) {
          String stripped = tag.strip();
          Unicode.require("tags", stripped);
          if (stripped.length() > MAX_TAG) {
            throw new Invalid(
                "The tag '" + stripped + "' is longer than " + MAX_TAG + " characters.");
          }
          if (!stripped.isEmpty()) {
            tags.add(stripped);
          }
          if (tags.size() > MAX_TAGS) {
            throw Invalid.field(
                "tags", "has more than " + MAX_TAGS + " different tags; at most " + MAX_TAGS);
          }
        }
      }
    }
    return new ArrayList<>(tags);
  }

  /** Metadata sent as text (a multipart field): a JSON object, or nothing. */
  String metadataText(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return metadataText(json.readTree(text));
    } catch (JsonProcessingException e) {
      throw new Invalid("'metadata' is not valid JSON: " + e.getOriginalMessage() + ".");
    }
  }

  /** Metadata sent as JSON: an object, or null for none. Kept as JSON text. */
  String metadataText(JsonNode metadata) {
    if (metadata == null || metadata.isNull() || metadata.isMissingNode()) {
      return null;
    }
    if (!metadata.isObject()) {
      throw new Invalid("'metadata' must be a JSON object, e.g. {\"camera\": \"front\"}.");
    }
    JsonLimits.require("metadata", metadata, JsonLimits.MAX_METADATA_BYTES);
    try {
      return json.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON value always serialises", e);
    }
  }

  Patch patch(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new MalformedRequest(
          "The request body must be a JSON object with 'label', 'tags' or 'metadata'.");
    }
    String label = null;
    List<String> tags = null;
    String metadata = null;
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "label" -> {
          if (!value.isTextual()) {
            throw new Invalid("'label' must be a non-blank string.");
          }
          label = label(value.asText());
        }
        case "tags" -> tags = tags(tagList(value));
        case "metadata" -> metadata = value.isNull() ? "{}" : metadataText(value);
        default ->
            throw new MalformedRequest(
                "Unknown field '"
                    + field.getKey()
                    + "'; a data item's label, tags and metadata can be changed.");
      }
    }
    return new Patch(label, tags, metadata);
  }

  private static List<String> tagList(JsonNode value) {
    if (value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new Invalid("'tags' must be an array of strings.");
    }
    List<String> tags = new ArrayList<>();
    for (JsonNode tag : value) {
      if (!tag.isTextual()) {
        throw new Invalid("'tags' must be an array of strings.");
      }
      tags.add(tag.asText());
    }
    return tags;
  }
}
