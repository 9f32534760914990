package dev.taskmill.auth;

import java.util.Locale;

/** What a key may do: {@code admin} manages keys, modules and instances and sees everything. */
public enum Role {
  ADMIN,
  USER;

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
