package dev.taskmill.module;

/** What detection does with one module, decided from its folder and its record alone. */
public enum DetectionDecision {
  /** A folder with no record: insert it DETECTED and set it up. */
  NEW,
  /** Files, SDK or environment changed, or the folder came back: back to DETECTED, set up. */
  CHANGED,
  /** DETECTED, or a setup that an earlier process left unfinished: set it up. */
  RESUME,
  /** Nothing to do. */
  UNCHANGED,
  /** The folder is gone: MISSING. */
  GONE;

  /**
   * Decides for one module.
   *
   * @param folder the folder on disk, or null when there is none
   * @param record the stored module, or null when there is none
   * @param envKey the environment key the folder would get now (ignored without a folder)
   * @param venvReady whether the record's environment is complete on this machine
   * @param settingUpHere whether this process is setting the module up right now
   */
  public static DetectionDecision decide(
      ModuleFolder folder, Module record, String envKey, boolean venvReady, boolean settingUpHere) {
    if (record == null) {
      return folder == null ? UNCHANGED : NEW;
    }
    if (folder == null) {
      return record.status == ModuleStatus.MISSING ? UNCHANGED : GONE;
    }
    boolean same = folder.checksum().equals(record.checksum) && envKey.equals(record.envKey);
    return switch (record.status) {
      case DISABLED -> UNCHANGED;
      case MISSING -> CHANGED;
      case DETECTED -> settingUpHere ? UNCHANGED : RESUME;
      case INSTALLING, TESTING -> settingUpHere ? UNCHANGED : CHANGED;
      case AVAILABLE -> same && venvReady ? UNCHANGED : CHANGED;
      case FAILED -> same ? UNCHANGED : CHANGED;
    };
  }
}
