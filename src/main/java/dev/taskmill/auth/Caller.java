package dev.taskmill.auth;

/**
 * Who makes a request: the user a key belongs to and its role. Users see only what they own; an
 * admin sees everything (operations need that), and owns what it creates like anyone else.
 *
 * <p>Ownership is by {@code userId}, never by {@code user} (the name): a name is for people to
 * read, and comparing names let a key created for another user of the same name see everything.
 */
public record Caller(String userId, String user, Role role, String keyId) {

  public Caller {
    // A user without an id would have no owner filter, i.e. see everything.
    java.util.Objects.requireNonNull(userId, "userId");
    java.util.Objects.requireNonNull(role, "role");
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** Whether this caller may see (and act on) a thing owned by the user id {@code owner}. */
  public boolean canSee(String owner) {
    return isAdmin() || (owner != null && owner.equals(userId));
  }

  /** The owner filter for listings: null (everything) for an admin, else the user's id. */
  public String ownerFilter() {
    return isAdmin() ? null : userId;
  }
}
