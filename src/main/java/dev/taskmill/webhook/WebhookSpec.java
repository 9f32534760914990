package dev.taskmill.webhook;

import java.util.List;

/**
 * What a client sends to create a webhook, or (fields left null stay as they are) to change one;
 * {@code secret} is read only on create.
 */
public record WebhookSpec(
    String url, List<String> events, String secret, String description, Boolean active) {}
