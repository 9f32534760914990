package dev.taskmill.api;

/** A client error with a message a person understands; answered as problem+json. */
public class ProblemException extends RuntimeException {

  private final int status;
  private final String title;

  public ProblemException(int status, String title, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
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

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
