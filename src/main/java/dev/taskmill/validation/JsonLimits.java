package dev.taskmill.validation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.failure.Invalid;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * The limits on JSON that clients store for others to read (metadata, params, inline JSON items): a
 * document nested hundreds of levels deep is valid JSON, but breaks every client that lists it
 * (recursive parsers run out of stack), so depth and size are bounded where the JSON enters.
 */
public final class JsonLimits {

  /** Deepest nesting of objects and arrays: {@code {"a": {}}} is 2 levels. */
  public static final int MAX_DEPTH = 32;

  /** Largest metadata of a data item, as compact JSON in UTF-8. */
  public static final int MAX_METADATA_BYTES = 64 * 1024;

  /** Largest params of a task (each task of a pipeline alike), as compact JSON in UTF-8. */
  public static final int MAX_PARAMS_BYTES = 64 * 1024;

  /** No size limit beyond the request body's own (inline JSON items). */
  public static final long ANY_SIZE = Long.MAX_VALUE;

  // Plain serialisation (no indentation), the form in which the service stores the value.
  private static final ObjectMapper COMPACT = new ObjectMapper();

  private JsonLimits() {}

  /** Throws {@link Invalid} for {@code field} when {@code value} breaks a limit. */
  public static void require(String field, JsonNode value, long maxBytes) {
    String problem = problem(value, maxBytes);
    if (problem != null) {
      throw Invalid.field(field, problem);
    }
  }

  /**
   * What is wrong with {@code value} (too deep, too large, or a string that is not valid Unicode),
   * or null when it keeps every limit.
   */
  public static String problem(JsonNode value, long maxBytes) {
    if (value == null) {
      return null;
    }
    int depth = depth(value);
    if (depth > MAX_DEPTH) {
      return "is nested more than "
          + MAX_DEPTH
          + " levels deep; at most "
          + MAX_DEPTH
          + " levels are allowed";
    }
    String text = Unicode.firstLoneSurrogate(value);
    if (text != null) {
      return "contains a string that is not valid Unicode (a lone surrogate in " + text + ")";
    }
    if (maxBytes != ANY_SIZE && exceeds(value, maxBytes)) {
      return "is larger than "
          + maxBytes / 1024
          + " KiB as JSON; at most "
          + maxBytes
          + " bytes are allowed";
    }
    return null;
  }

  /** How deeply objects and arrays nest in {@code value}; walked without recursion. */
  static int depth(JsonNode value) {
    int deepest = 0;
    Deque<Map.Entry<JsonNode, Integer>> pending = new ArrayDeque<>();
    pending.push(Map.entry(value, 1));
    while (!pending.isEmpty()) {
      Map.Entry<JsonNode, Integer> next = pending.pop();
      JsonNode node = next.getKey();
      if (!node.isContainerNode()) {
        continue;
      }
      int level = next.getValue();
      deepest = Math.max(deepest, level);
      if (deepest > MAX_DEPTH + 1) {
        // Deep enough to refuse; the exact depth of a hostile document does not matter.
        return level;
      }
      for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
        pending.push(Map.entry(children.next(), level + 1));
      }
    }
    return deepest;
  }

  /** Whether the compact JSON of {@code value} is longer than {@code maxBytes}. */
  private static boolean exceeds(JsonNode value, long maxBytes) {
    CountingSink sink = new CountingSink(maxBytes);
    try (JsonGenerator out = COMPACT.createGenerator(sink)) {
      COMPACT.writeTree(out, value);
    } catch (TooLarge e) {
      return true;
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to memory cannot fail", e);
    }
    return false;
  }

  /** Counts bytes and stops the writer as soon as the limit is passed. */
  private static final class CountingSink extends OutputStream {
    private final long limit;
    private long count;

    CountingSink(long limit) {
      this.limit = limit;
    }

    @Override
    public void write(int b) throws TooLarge {
      add(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws TooLarge {
      add(len);
    }

    private void add(long n) throws TooLarge {
      count += n;
      if (count > limit) {
        throw new TooLarge();
      }
    }
  }

  private static final class TooLarge extends IOException {
    TooLarge() {
      super(null, null);
    }
  }
}
