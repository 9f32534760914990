package dev.taskmill.failure;

/** The thing asked for does not exist (404). */
public class NotFound extends RuntimeException {

  public NotFound(String detail) {
    super(detail);
  }

  /** There is no {@code what} called {@code name}. */
  public static NotFound of(String what, String name) {
    return new NotFound("There is no " + what + " '" + name + "'.");
  }
}
