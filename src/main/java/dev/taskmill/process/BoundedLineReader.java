package dev.taskmill.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into UTF-8 lines the way {@link java.io.BufferedReader#readLine()} does (a
 * line ends at {@code \n}, {@code \r} or {@code \r\n}), but holds at most {@code maxBytes} of a
 * line: the rest of a longer line is counted and dropped as it is read, and the line that is
 * returned ends with a marker that says how many bytes were dropped. A process can then write one
 * line of any length without the service holding it in memory.
 */
final class BoundedLineReader {

  private static final int CHUNK = 8192;

  private final InputStream in;
  private final int maxBytes;
  private final byte[] chunk = new byte[CHUNK];
  private int chunkPos;
  private int chunkEnd;
  private byte[] line = new byte[256];
  private int lineLength;
  private long dropped;
  private boolean lineStarted;
  private boolean skipLineFeed;
  private int largestCapacity = line.length;

  BoundedLineReader(InputStream in, int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The marker appended to a cut line. */
  static String cutMarker(long droppedBytes, int maxBytes) {
    return " [... line cut at " + maxBytes + " bytes: " + droppedBytes + " more bytes dropped]";
  }

  /** The next line without its terminator, or {@code null} at the end of the stream. */
  String readLine() throws IOException {
    while (true) {
      if (chunkPos == chunkEnd) {
        int read = in.read(chunk, 0, CHUNK);
        if (read < 0) {
          return lineStarted ? emit() : null;
        }
        chunkPos = 0;
        chunkEnd = read;
        continue;
      }
      if (skipLineFeed) {
        skipLineFeed = false;
        if (chunk[chunkPos] == '\n') {
          chunkPos++;
          continue;
        }
      }
      int end = chunkPos;
      while (end < chunkEnd && chunk[end] != '\n' && chunk[end] != '\r') {
        end++;
      }
      append(chunkPos, end - chunkPos);
      lineStarted = true;
      if (end < chunkEnd) {
        skipLineFeed = chunk[end] == '\r';
        chunkPos = end + 1;
        return emit();
      }
      chunkPos = end;
    }
  }

  /** The largest the line buffer ever was: never more than the limit. */
  int largestCapacity() {
    return largestCapacity;
  }

  private void append(int from, int length) {
    int room = maxBytes - lineLength;
    int kept = Math.min(room, length);
    if (kept > 0) {
      if (lineLength + kept > line.length) {
        int capacity = (int) Math.min(maxBytes, Math.max(2L * line.length, lineLength + kept));
        line = Arrays.copyOf(line, capacity);
        largestCapacity = Math.max(largestCapacity, capacity);
      }
      System.arraycopy(chunk, from, line, lineLength, kept);
      lineLength += kept;
    }
    dropped += length - kept;
  }

  private String emit() {
    int length = lineLength;
    long cut = dropped;
    if (cut > 0) {
      // Do not end on half a UTF-8 character: count its bytes as dropped too.
      int lead = length - 1;
      while (lead > 0 && (line[lead] & 0xC0) == 0x80) {
        lead--;
      }
      if (lead >= 0 && (line[lead] & 0x80) != 0) {
        int first = line[lead] & 0xFF;
        int size = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
        if (lead + size > length) {
          cut += length - lead;
          length = lead;
        }
      }
    }
    String text = new String(line, 0, length, StandardCharsets.UTF_8);
    if (cut > 0) {
      text += cutMarker(cut, maxBytes);
    }
    lineLength = 0;
    dropped = 0;
    lineStarted = false;
    // A long line once must not keep a big buffer for the rest of the process's life.
    if (line.length > 65_536) {
      line = new byte[256];
    }
    return text;
  }
}
