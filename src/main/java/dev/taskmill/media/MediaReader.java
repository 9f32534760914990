package dev.taskmill.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;

/**
 * Bounded random-access reads of one file for the probe: every read is positioned (so a header at
 * the end of a 10 GiB file costs one seek), reads past the end come back short, and a budget of
 * bytes and steps stops a hostile file from making the probe read much or loop long.
 */
final class MediaReader {

  /** Most bytes one probe reads in total. */
  static final long MAX_BYTES = 16L << 20;

  /** Most boxes/elements/chunks/markers one probe visits. */
  static final int MAX_STEPS = 20_000;

  private final SeekableByteChannel channel;
  private final long size;
  private long bytesRead;
  private int steps;

  MediaReader(SeekableByteChannel channel) throws IOException {
    this.channel = channel;
    this.size = channel.size();
  }

  long size() {
    return size;
  }

  long bytesRead() {
    return bytesRead;
  }

  /** Up to {@code length} bytes at {@code position}; fewer at the end of the file. */
  byte[] read(long position, int length) throws IOException, ProbeException {
    if (position < 0 || length < 0) {
      throw new ProbeException("a header points outside the file");
    }
    long available = Math.max(0, size - position);
    int n = (int) Math.min(length, available);
    bytesRead += n;
    if (bytesRead > MAX_BYTES) {
      throw new ProbeException("the headers are larger than the probe reads");
    }
    ByteBuffer buffer = ByteBuffer.allocate(n);
    channel.position(position);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        break;
      }
    }
    if (buffer.position() == n) {
      return buffer.array();
    }
    byte[] shorter = new byte[buffer.position()];
    System.arraycopy(buffer.array(), 0, shorter, 0, shorter.length);
    return shorter;
  }

  /** Exactly {@code length} bytes at {@code position}, or a "truncated" problem. */
  byte[] readFully(long position, int length, String what) throws IOException, ProbeException {
    byte[] bytes = read(position, length);
    if (bytes.length < length) {
      throw new ProbeException("the file ends inside the " + what + " (truncated)");
    }
    return bytes;
  }

  /** A big-endian view of {@code readFully}. */
  ByteBuffer be(long position, int length, String what) throws IOException, ProbeException {
    return ByteBuffer.wrap(readFully(position, length, what)).order(ByteOrder.BIG_ENDIAN);
  }

  /** A little-endian view of {@code readFully}. */
  ByteBuffer le(long position, int length, String what) throws IOException, ProbeException {
    return ByteBuffer.wrap(readFully(position, length, what)).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Counts one visited structure; too many is a problem, never an endless loop. */
  void step() throws ProbeException {
    if (++steps > MAX_STEPS) {
      throw new ProbeException("the file has more structures than the probe visits");
    }
  }

  /** A problem in the file's headers, in words for the item's {@code media.error}. */
  static final class ProbeException extends Exception {
    ProbeException(String message) {
      super(message, null, false, false);
    }
  }
}
