package dev.taskmill.failure;

/** The request carries no valid credentials (401), with the challenge to answer, if any. */
public class Unauthorized extends RuntimeException {

  private final String challenge;

  public Unauthorized(String detail) {
    this(detail, null);
  }

  public Unauthorized(String detail, String challenge) {
    super(detail);
    this.challenge = challenge;
  }

  /** The {@code WWW-Authenticate} value the response carries, or null for none. */
  public String challenge() {
    return challenge;
  }
}
