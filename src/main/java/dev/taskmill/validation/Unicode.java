package dev.taskmill.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskmill.failure.Invalid;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Refuses text that is not valid Unicode. JSON may escape a lone surrogate ({@code "\ud800"}), but
 * it has no UTF-8 form: stored, it would silently become "?", and the bytes served would differ
 * from what the client sent (and from the size and sha256 computed before).
 */
public final class Unicode {

  private Unicode() {}

  /** Throws {@link Invalid} for {@code field} when {@code text} holds a lone surrogate. */
  public static void require(String field, String text) {
    int at = loneSurrogate(text);
    if (at >= 0) {
      throw Invalid.field(
          field,
          "is not valid Unicode: a lone surrogate (\\u"
              + Integer.toHexString(text.charAt(at))
              + ") at character "
              + at
              + "; send text that can be encoded as UTF-8");
    }
  }

  /** The index of the first lone surrogate in {@code text}, or -1 when it is well-formed. */
  public static int loneSurrogate(CharSequence text) {
    if (text == null) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return i;
      }
      if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A description of the first field name or string in {@code value} that holds a lone surrogate
   * ("a field name" or "a string value"), or null when all are well-formed.
   */
  static String firstLoneSurrogate(JsonNode value) {
    Deque<JsonNode> pending = new ArrayDeque<>();
    pending.push(value);
    while (!pending.isEmpty()) {
      JsonNode node = pending.pop();
      if (node.isTextual() && loneSurrogate(node.textValue()) >= 0) {
        return "a string value";
      }
      if (node.isObject()) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          if (loneSurrogate(field.getKey()) >= 0) {
            return "a field name";
          }
          pending.push(field.getValue());
        }
      } else if (node.isArray()) {
        node.elements().forEachRemaining(pending::push);
      }
    }
    return null;
  }
}
