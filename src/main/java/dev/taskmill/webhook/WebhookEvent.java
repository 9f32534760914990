package dev.taskmill.webhook;

import java.util.Arrays;
import java.util.Optional;

/** What a webhook may hear; module events are for admins' webhooks only. */
public enum WebhookEvent {
  TASK_SUCCEEDED("task.succeeded", false),
  TASK_FAILED("task.failed", false),
  TASK_CANCELLED("task.cancelled", false),
  PIPELINE_SUCCEEDED("pipeline.succeeded", false),
  PIPELINE_FAILED("pipeline.failed", false),
  MODULE_AVAILABLE("module.available", true),
  MODULE_FAILED("module.failed", true);

  private final String wire;
  private final boolean adminOnly;

  WebhookEvent(String wire, boolean adminOnly) {
    this.wire = wire;
    this.adminOnly = adminOnly;
  }

  /** The name clients send and receive, e.g. {@code task.succeeded}. */
  public String wire() {
    return wire;
  }

  /** Whether only an admin's webhook may hear it (modules are everyone's, not one user's). */
  public boolean adminOnly() {
    return adminOnly;
  }

  /** The event called {@code wire}, if there is one. */
  public static Optional<WebhookEvent> parse(String wire) {
    return Arrays.stream(values()).filter(e -> e.wire.equals(wire)).findFirst();
  }

  /** Every event's wire name, for messages. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(WebhookEvent::wire).toList());
  }
}
