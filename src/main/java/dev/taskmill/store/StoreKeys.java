package dev.taskmill.store;

import java.util.UUID;
import java.util.regex.Pattern;

/** The names stores give their objects: 32 lowercase hex digits, never a path. */
public final class StoreKeys {

  private static final Pattern KEY = Pattern.compile("[0-9a-f]{32}");

  private StoreKeys() {}

  /** A new random key. */
  public static String newKey() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** Whether {@code name} has the form of a key. */
  public static boolean isKey(String name) {
    return name != null && KEY.matcher(name).matches();
  }

  /** {@code key} itself; refused when it is not a key (a path a caller slipped in). */
  public static String check(String key) {
    if (!isKey(key)) {
      throw new IllegalArgumentException("not a file store key: " + key);
    }
    return key;
  }
}
