package dev.taskmill.auth;

import dev.taskmill.failure.Unauthorized;
import jakarta.enterprise.context.RequestScoped;

/** The caller of the request being served, set by {@link AuthFilter}. */
@RequestScoped
public class CurrentCaller {

  private Caller caller;

  void set(Caller caller) {
    this.caller = caller;
  }

  /** The authenticated caller; every {@code /api/v1} operation has one. */
  public Caller get() {
    if (caller == null) {
      // Only reachable if a resource outside /api/v1 asked: a bug, not a client error.
      throw new Unauthorized("This request carries no API key.");
    }
    return caller;
  }
}
