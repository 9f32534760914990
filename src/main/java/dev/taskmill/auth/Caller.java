package dev.taskmill.auth;

/**
 * Who makes a request: the user a key belongs to and its role. Users see only what they own; an
 * admin sees everything (operations need that), and owns what it creates like anyone else.
 */
public record Caller(String user, Role role, String keyId) {

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** Whether this caller may see (and act on) a thing owned by {@code owner}. */
  public boolean canSee(String owner) {
    return isAdmin() || (owner != null && owner.equals(user));
  }

  /** The owner filter for listings: null (everything) for an admin, else the user. */
  public String ownerFilter() {
    return isAdmin() ? null : user;
  }
}
