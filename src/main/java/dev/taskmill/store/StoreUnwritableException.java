package dev.taskmill.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Writing to the file store (or a task's work folder) failed because of the disk, not because of
 * what was written: no space left, a read-only file system, no permission, a folder that is not a
 * folder. The caller did nothing wrong and nothing was stored: the API answers 507 and the task
 * runner counts the attempt as lost to the infrastructure, not as the module's failure.
 *
 * <p>The message names the cause as the operating system gives it, never a path (so it may be shown
 * to clients).
 */
public class StoreUnwritableException extends UncheckedIOException {

  private final String reason;

  public StoreUnwritableException(IOException cause) {
    this(describe(cause), cause);
  }

  private StoreUnwritableException(String reason, IOException cause) {
    super("the file store cannot be written: " + reason, cause);
    this.reason = reason;
  }

  /** A failed write whose cause is given in words (e.g. what an object store answered). */
  public static StoreUnwritableException because(String reason, IOException cause) {
    return new StoreUnwritableException(reason, cause);
  }

  /** Why, in the operating system's words (e.g. "No space left on device"), without a path. */
  public String reason() {
    return reason;
  }

  /**
   * Whether {@code e} says the disk refused a write (full, read-only, no permission, a folder that
   * is not one), as opposed to, say, a connection that broke while a body was read.
   */
  public static boolean isDiskFailure(IOException e) {
    return !GENERIC.equals(describe(e));
  }

  private static final String GENERIC = "an input/output error";

  /** The cause of a failed write in the operating system's words, without a path. */
  public static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
      return "a folder of the store is not a folder";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason(); // the OS's words, without the file name
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    for (String known :
        new String[] {
          "No space left on device", "Read-only file system", "Permission denied", "Disk quota"
        }) {
      if (message.toLowerCase(Locale.ROOT).contains(known.toLowerCase(Locale.ROOT))) {
        return known.equals("Disk quota") ? "Disk quota exceeded" : known;
      }
    }
    return GENERIC;
  }
}
