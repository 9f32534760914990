package dev.taskmill.auth;

import java.util.Locale;

/**
 * What a key may do: {@code admin} manages keys, modules and instances and sees everything; {@code
 * user} owns tasks and data; {@code worker} is a remote worker's key, which may call only the
 * worker protocol ({@code /api/v1/workers}) and read only the inputs of tasks it holds a lease on.
 */
public enum Role {
  ADMIN,
  USER,
  WORKER;

  /** The name clients use: {@code admin} or {@code user}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code value} (case-insensitive), or null. */
  public static Role parse(String value) {
    if (value == null) {
      return null;
    }
    for (Role role : values()) {
      if (role.name().equalsIgnoreCase(value.strip())) {
        return role;
      }
    }
    return null;
  }
}
