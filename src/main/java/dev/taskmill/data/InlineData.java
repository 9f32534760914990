package dev.taskmill.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.auth.Caller;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.failure.Invalid;
import dev.taskmill.store.FileStore;
import dev.taskmill.validation.JsonLimits;
import dev.taskmill.validation.Unicode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Creates TEXT and JSON items from content sent inline in a JSON body. */
@ApplicationScoped
public class InlineData {

  private final NewItems items;
  private final FileStore store;
  private final DataFields fields;
  private final ObjectMapper json;
  private final int inlineLimit;
  private final Expiry expiry;
  private final StorageQuota quota;

  InlineData(
      NewItems items,
      FileStore store,
      ObjectMapper json,
      TaskmillConfig config,
      Expiry expiry,
      StorageQuota quota) {
    this.expiry = expiry;
    this.quota = quota;
    this.items = items;
    this.store = store;
    this.json = json;
    this.fields = new DataFields(json);
    this.inlineLimit = config.data().inlineLimitBytes();
  }

  /** Creates a TEXT or JSON item from inline content; large content goes to the file store. */
  public DataItem create(InlineContent request, Caller owner) {
    if (request == null) {
      throw new Invalid("The request body must be a JSON object with 'kind' and 'text' or 'json'.");
    }
    DataKind kind = inlineKind(request.kind());
    String content = inlineContent(kind, request);
    Expiry.require("ttlSeconds", request.ttlSeconds());
    DataItem item = new DataItem();
    item.owner = owner.userId();
    item.ownerName = owner.user();
    item.kind = kind;
    item.mediaType = kind == DataKind.TEXT ? "text/plain" : "application/json";
    item.label =
        fields.label(request.label() == null ? kind.name().toLowerCase() : request.label());
    item.tags = fields.tags(request.tags());
    item.metadata = fields.metadataText(request.metadata());
    item.expiresAt = expiry.at(request.ttlSeconds(), owner);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    quota.require(owner, bytes.length);
    if (bytes.length > inlineLimit) {
      try {
        return items.withFile(item, store.write(new ByteArrayInputStream(bytes)));
      } catch (IOException e) {
        throw new UncheckedIOException("storing inline content failed", e);
      }
    }
    return items.withText(item, content);
  }

  private static DataKind inlineKind(String kind) {
    if (kind == null || kind.isBlank()) {
      throw new Invalid("'kind' is required: TEXT or JSON.");
    }
    return switch (kind.strip().toUpperCase()) {
      case "TEXT" -> DataKind.TEXT;
      case "JSON" -> DataKind.JSON;
      default ->
          throw new Invalid(
              "'kind' must be TEXT or JSON for inline content, not '"
                  + kind
                  + "'; upload other kinds as multipart/form-data.");
    };
  }

  private String inlineContent(DataKind kind, InlineContent request) {
    boolean hasJson = request.json() != null && !request.json().isNull();
    if (kind == DataKind.TEXT) {
      if (hasJson) {
        throw new Invalid("A TEXT item takes its content in 'text', not 'json'.");
      }
      if (request.text() == null) {
        throw new Invalid("A TEXT item needs its content in 'text'.");
      }
      // Stored and served as UTF-8: text without a UTF-8 form would be served as other bytes.
      Unicode.require("text", request.text());
      return request.text();
    }
    if (request.text() != null) {
      throw new Invalid(
          "A JSON item takes its content in 'json' (the JSON value itself), not 'text'.");
    }
    if (!hasJson) {
      throw new Invalid("A JSON item needs its content in 'json'.");
    }
    JsonLimits.require("json", request.json(), JsonLimits.ANY_SIZE);
    try {
      return json.writeValueAsString(request.json());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON value always serialises", e);
    }
  }
}
