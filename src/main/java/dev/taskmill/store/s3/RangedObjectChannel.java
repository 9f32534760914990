package dev.taskmill.store.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Positioned reads of one S3 object by ranged GETs of at least {@link #WINDOW} bytes, the last of
 * which is kept: the media probe reads many small headers near each other, and one request serves
 * them. Read-only.
 */
final class RangedObjectChannel implements SeekableByteChannel {

  /** The smallest range fetched at once. */
  static final int WINDOW = 64 * 1024;

  private final S3Client client;
  private final String bucket;
  private final String key;
  private final long size;
  private long position;
  private byte[] window = new byte[0];
  private long windowStart;
  private boolean open = true;

  RangedObjectChannel(S3Client client, String bucket, String key, long size) {
    this.client = client;
    this.bucket = bucket;
    this.key = key;
    this.size = size;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (position >= size) {
      return -1;
    }
    if (position < windowStart || position >= windowStart + window.length) {
      fetch(position, (int) Math.min(Math.max(dst.remaining(), WINDOW), size - position));
    }
    int offset = (int) (position - windowStart);
    int n = Math.min(dst.remaining(), window.length - offset);
    dst.put(window, offset, n);
    position += n;
    return n;
  }

  private void fetch(long from, int length) throws IOException {
    String range = "bytes=" + from + "-" + (from + length - 1);
    try {
      window =
          client
              .getObjectAsBytes(request -> request.bucket(bucket).key(key).range(range))
              .asByteArray();
      windowStart = from;
    } catch (SdkException e) {
      throw S3Failures.of("reading a stored file failed", key, e);
    }
    if (window.length == 0) {
      throw new IOException("the stored file is shorter than its recorded size");
    }
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position");
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return size;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
    window = new byte[0];
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
