package dev.taskmill.module;

import java.util.EnumSet;
import java.util.Set;

/** Where a module is in its life cycle; owns the allowed transitions. Only AVAILABLE runs tasks. */
public enum ModuleStatus {
  /** Found in the modules folder (new, changed, re-enabled or to be reinstalled). */
  DETECTED,
  /** Its virtual environment is being created and its requirements installed. */
  INSTALLING,
  /** Its self-test is running. */
  TESTING,
  /** Set up and self-tested: accepts tasks. */
  AVAILABLE,
  /** Setup or self-test failed; {@code reason} says why. */
  FAILED,
  /** Switched off by an admin; detection leaves it alone until it is enabled. */
  DISABLED,
  /** Its folder is gone. */
  MISSING;

  /** Whether a module in this status may move to {@code next}. */
  public boolean canMoveTo(ModuleStatus next) {
    return allowedNext().contains(next);
  }

  /** Every status this one may move to. */
  public Set<ModuleStatus> allowedNext() {
    return switch (this) {
      case DETECTED -> EnumSet.of(INSTALLING, DISABLED, MISSING);
      // DETECTED from INSTALLING/TESTING: files changed, reinstall asked, or setup interrupted.
      case INSTALLING -> EnumSet.of(TESTING, FAILED, DETECTED, DISABLED, MISSING);
      case TESTING -> EnumSet.of(AVAILABLE, FAILED, DETECTED, DISABLED, MISSING);
      case AVAILABLE, FAILED -> EnumSet.of(DETECTED, DISABLED, MISSING);
      case DISABLED -> EnumSet.of(DETECTED, MISSING);
      case MISSING -> EnumSet.of(DETECTED);
    };
  }

  /** Every status from which {@code next} may be reached. */
  public static Set<ModuleStatus> allowedFrom(ModuleStatus next) {
    Set<ModuleStatus> from = EnumSet.noneOf(ModuleStatus.class);
    for (ModuleStatus s : values()) {
      if (s.canMoveTo(next)) {
        from.add(s);
      }
    }
    return from;
  }
}
