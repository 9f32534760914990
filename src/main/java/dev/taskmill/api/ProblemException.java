package dev.taskmill.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A client error with a message a person understands; answered as problem+json. */
public class ProblemException extends RuntimeException {

  private final int status;
  private final String title;
  private final List<Problem.FieldError> errors;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public ProblemException(int status, String title, String detail) {
    this(status, title, detail, null);
  }

  public ProblemException(
      int status, String title, String detail, List<Problem.FieldError> errors) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = errors == null ? null : List.copyOf(errors);
  }

  /** 404: there is no {@code what} called {@code name}. */
  public static ProblemException notFound(String what, String name) {
    return new ProblemException(404, "Not Found", "There is no " + what + " '" + name + "'.");
  }

  /** 409: the request conflicts with the current state. */
  public static ProblemException conflict(String detail) {
    return new ProblemException(409, "Conflict", detail);
  }

  /** 400: the request itself is malformed. */
  public static ProblemException badRequest(String detail) {
    return new ProblemException(400, "Bad Request", detail);
  }

  /** 422: well-formed but invalid content. */
  public static ProblemException invalid(String detail) {
    return new ProblemException(422, "Unprocessable Content", detail);
  }

  /** 422 naming each invalid field; the detail joins their messages. */
  public static ProblemException invalid(List<Problem.FieldError> errors) {
    StringBuilder detail = new StringBuilder();
    for (Problem.FieldError error : errors) {
      if (!detail.isEmpty()) {
        detail.append("; ");
      }
      detail.append(error.field()).append(": ").append(error.message());
    }
    return new ProblemException(422, "Unprocessable Content", detail + ".", errors);
  }

  /** Adds a header the problem response must carry (e.g. {@code Content-Range} on a 416). */
  public ProblemException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Headers to send with the problem response. */
  public Map<String, String> headers() {
    return Map.copyOf(headers);
  }

  /** The invalid fields, or null. */
  public List<Problem.FieldError> errors() {
    return errors;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
