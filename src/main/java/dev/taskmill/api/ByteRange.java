package dev.taskmill.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One satisfiable byte range of an HTTP {@code Range} header (RFC 9110 §14), inclusive at both
 * ends.
 */
public record ByteRange(long start, long end) {

  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  /** The number of bytes in the range. */
  public long length() {
    return end - start + 1;
  }

  /** The {@code Content-Range} value for content of {@code total} bytes. */
  public String contentRange(long total) {
    return "bytes " + start + "-" + end + "/" + total;
  }

  /**
   * Reads a {@code Range} header for content of {@code length} bytes.
   *
   * @return the range, or null when the whole content is to be sent: no header, a header this
   *     service does not understand (RFC 9110 lets a server ignore it), or several ranges
   * @throws ProblemException 416 with {@code Content-Range: bytes * /length} when nothing of the
   *     content lies in the range
   */
  public static ByteRange parse(String header, long length) {
    if (header == null) {
      return null;
    }
    Matcher m = SINGLE.matcher(header.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return null;
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || length == 0) {
          throw unsatisfiable(header, length);
        }
        return new ByteRange(Math.max(0, length - suffix), length - 1);
      }
      long start = Long.parseLong(m.group(1));
      if (start >= length) {
        throw unsatisfiable(header, length);
      }
      long end = m.group(2).isEmpty() ? length - 1 : Long.parseLong(m.group(2));
      if (end < start) {
        return null;
      }
      return new ByteRange(start, Math.min(end, length - 1));
    } catch (NumberFormatException e) {
      // More digits than a long holds: not a range this content can have.
      throw unsatisfiable(header, length);
    }
  }

  private static ProblemException unsatisfiable(String header, long length) {
    return new ProblemException(
            416,
            "Range Not Satisfiable",
            "The range '" + header.strip() + "' lies outside the content (" + length + " bytes).")
        .withHeader("Content-Range", "bytes */" + length);
  }
}
