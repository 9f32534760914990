package dev.taskmill.failure;

/** One invalid field of a request, e.g. {@code inputs.image} or {@code params.width}. */
public record FieldError(String field, String message) {}
