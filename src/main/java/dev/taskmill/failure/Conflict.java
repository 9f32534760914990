package dev.taskmill.failure;

/** The request conflicts with the current state (409). */
public class Conflict extends RuntimeException {

  public Conflict(String detail) {
    super(detail);
  }
}
