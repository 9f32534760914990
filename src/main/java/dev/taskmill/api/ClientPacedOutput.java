package dev.taskmill.api;

import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Writes a response body no faster than the client takes it: at most {@link #IN_FLIGHT_LIMIT} bytes
 * are handed to Vert.x and not yet written to the socket, and {@link #write} blocks until the
 * client has read enough. Used from a worker thread only.
 *
 * <p>Why not the stream JAX-RS gives a {@code StreamingOutput}: it waits only while Vert.x says its
 * write queue is full, and Vert.x counts only what the event loop has already taken. A write from a
 * worker thread is queued as a task on the event loop, so while the loop is busy (many downloads on
 * few cores) a worker can queue a whole file into memory: 10 concurrent downloads of 100 MB
 * exhausted the direct memory of a 256 MB JVM. Here every write's completion is counted.
 */
final class ClientPacedOutput extends OutputStream {

  /** How much of one response may wait in memory for the socket. */
  static final int IN_FLIGHT_LIMIT = 256 * 1024;

  /** How often a writer waiting for the client checks that the response still exists. */
  private static final long RECHECK_MILLIS = 1_000;

  private final HttpServerResponse response;
  private long inFlight; // guarded by this
  private Throwable failure; // guarded by this

  ClientPacedOutput(HttpServerResponse response) {
    this.response = response;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (length == 0) {
      return;
    }
    awaitRoomFor(length);
    // Vert.x keeps the buffer until the socket took it: hand it a copy the caller cannot reuse.
    Buffer chunk = Buffer.buffer(Arrays.copyOfRange(bytes, offset, offset + length));
    try {
      response.write(chunk, result -> written(length, result));
    } catch (RuntimeException e) { // the response was closed or reset meanwhile
      written(length, null);
      throw new IOException("the client went away", e);
    }
  }

  private synchronized void awaitRoomFor(int length) throws IOException {
    // One write always goes through, so a chunk larger than the limit cannot wait forever.
    while (inFlight > 0 && inFlight + length > IN_FLIGHT_LIMIT && failure == null) {
      if (response.closed()) {
        throw new IOException("the client went away");
      }
      try {
        wait(RECHECK_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the client");
      }
    }
    if (failure != null) {
      throw new IOException("writing to the client failed", failure);
    }
    inFlight += length;
  }

  private synchronized void written(int length, AsyncResult<Void> result) {
    inFlight -= length;
    if (result != null && result.failed() && failure == null) {
      failure = result.cause();
    }
    notifyAll();
  }
}
