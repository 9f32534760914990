package dev.taskmill.store;

import java.io.IOException;
import java.io.InputStream;

/** The first {@code limit} bytes of a stream: a writer appending to the file does not count. */
final class CappedInputStream extends InputStream {

  private final InputStream in;
  private long left;

  CappedInputStream(InputStream in, long limit) {
    this.in = in;
    this.left = limit;
  }

  @Override
  public int read() throws IOException {
    if (left <= 0) {
      return -1;
    }
    int b = in.read();
    if (b >= 0) {
      left--;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (left <= 0) {
      return -1;
    }
    int read = in.read(buffer, offset, (int) Math.min(length, left));
    if (read > 0) {
      left -= read;
    }
    return read;
  }
}
