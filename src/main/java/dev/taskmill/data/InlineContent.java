package dev.taskmill.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A TEXT or JSON item to create from content sent inline, as the service receives it (the API maps
 * its request DTO to this): its content in {@code text} or {@code json}, per {@code kind}.
 */
public record InlineContent(
    String label,
    String kind,
    String text,
    JsonNode json,
    List<String> tags,
    JsonNode metadata,
    Long ttlSeconds) {}
