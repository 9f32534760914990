package dev.taskmill.failure;

/**
 * The request itself is malformed: a bad id, a bad query value, a body of the wrong shape (400).
 */
public class MalformedRequest extends RuntimeException {

  public MalformedRequest(String detail) {
    super(detail);
  }
}
