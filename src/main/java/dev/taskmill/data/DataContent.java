package dev.taskmill.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of an AVAILABLE item, ready to be streamed.
 *
 * @param item the item (media type, label, sha256)
 * @param length the content length in bytes
 * @param opener opens the content at an offset; the caller closes the stream
 */
public record DataContent(DataItem item, long length, Opener opener) {

  /** Opens content skipping the first {@code offset} bytes. */
  @FunctionalInterface
  public interface Opener {
    InputStream open(long offset) throws IOException;
  }
}
