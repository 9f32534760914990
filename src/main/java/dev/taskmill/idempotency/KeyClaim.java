package dev.taskmill.idempotency;

/** What a request with an idempotency key is to do: run for the first time, or answer again. */
public sealed interface KeyClaim {

  /** The key is new (or its earlier use expired): run the request, then finish or release. */
  record First() implements KeyClaim {}

  /** The same request with this key was answered before: send that answer again. */
  record Repeat(StoredAnswer answer) implements KeyClaim {}
}
