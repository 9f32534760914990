package dev.taskmill.process;

/** Keeps the last {@code limit} characters of a growing text; thread-safe. */
public final class BoundedLog {

  private static final String CUT = "[... earlier output cut ...]\n";

  private final int limit;
  private final StringBuilder text = new StringBuilder();
  private boolean cut;
  private long lines;

  public BoundedLog(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    this.limit = limit;
  }

  /** Appends one line (a newline is added). */
  public synchronized void line(String line) {
    text.append(line).append('\n');
    lines++;
    // Trim in chunks so a long run of small appends does not shift the buffer every time.
    if (text.length() > limit * 2) {
      trim();
    }
  }

  private void trim() {
    if (text.length() > limit) {
      text.delete(0, text.length() - limit);
      cut = true;
    }
  }

  /** How many lines were ever appended: a cheap way to tell whether the text changed. */
  public synchronized long lines() {
    return lines;
  }

  @Override
  public synchronized String toString() {
    trim();
    return cut ? CUT + text : text.toString();
  }
}
