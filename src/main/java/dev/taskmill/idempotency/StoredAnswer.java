package dev.taskmill.idempotency;

/**
 * The first answer to a request made with an idempotency key, as a repeat of it gets it again.
 *
 * @param status the HTTP status
 * @param location the Location header, or null
 * @param body the JSON body, exactly as first sent
 */
public record StoredAnswer(int status, String location, String body) {}
