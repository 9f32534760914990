package dev.taskmill.failure;

/** The caller is known but may not do this (403). */
public class Forbidden extends RuntimeException {

  public Forbidden(String detail) {
    super(detail);
  }
}
