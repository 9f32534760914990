package dev.taskmill.failure;

/** What a request would store goes over its owner's storage quota (413); nothing was stored. */
public class QuotaExceeded extends RuntimeException {

  public QuotaExceeded(String detail) {
    super(detail);
  }
}
