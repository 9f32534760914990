package dev.taskmill.webhook;

/** Where a delivery is: still to be sent (or sent again), received, or given up on. */
public enum DeliveryStatus {
  /** Due at {@code nextTryAt}; a dispatcher claims it with a lease while it sends. */
  PENDING,
  /** The receiver answered 2xx. */
  DELIVERED,
  /** Every try failed until {@code taskmill.webhooks.retry-for} ran out. */
  FAILED
}
