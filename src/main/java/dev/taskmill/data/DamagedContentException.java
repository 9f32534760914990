package dev.taskmill.data;

/**
 * The stored bytes of an AVAILABLE item no longer match what was recorded when it was stored (its
 * size or sha256), or are gone. Not a passing failure: every read would see the same damage.
 */
public class DamagedContentException extends RuntimeException {

  private DamagedContentException(String message) {
    super(message);
  }

  /** The stored file has another size than the item records. */
  public static DamagedContentException size(String itemId, long expected, long found) {
    return new DamagedContentException(
        "The stored content of data item '"
            + itemId
            + "' is damaged: "
            + expected
            + " bytes expected, "
            + found
            + " found.");
  }

  /** The stored file has the recorded size but other bytes. */
  public static DamagedContentException digest(String itemId) {
    return new DamagedContentException(
        "The stored content of data item '"
            + itemId
            + "' is damaged: its bytes no longer match the sha256 recorded when it was stored.");
  }

  /** The stored file is gone. */
  public static DamagedContentException missing(String itemId) {
    return new DamagedContentException(
        "The stored content of data item '" + itemId + "' is damaged: its file is missing.");
  }
}
