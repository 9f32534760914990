package dev.taskmill.media;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether content may be stored as the kind an upload claims. Strict only where the bytes clearly
 * say otherwise: text (or an empty file) claimed as IMAGE/VIDEO/AUDIO, or a format the probe
 * recognised as another kind (a PNG sent as video, a WAV sent as an image). Content the probe does
 * not know is given the benefit of the doubt.
 */
public final class ContentCheck {

  /** Containers that can hold video, audio or both: fine for a VIDEO or an AUDIO claim. */
  private static final Set<String> AV_CONTAINERS =
      Set.of("mp4", "mov", "m4a", "3gp", "matroska", "webm", "avi", "ogg");

  private ContentCheck() {}

  /**
   * What the content is, in words, when it cannot be stored as {@code claimedKind} (IMAGE, VIDEO,
   * AUDIO, TEXT, JSON or FILE); null when it can. {@code head} is the content's first bytes and
   * {@code contentType} the type detected from those bytes alone (no file name), which lets text
   * formats of the claimed kind through (an SVG image, an HLS playlist).
   */
  public static String mismatch(
      String claimedKind, long size, MediaInfo info, byte[] head, String contentType) {
    String claimed = claimedKind.toUpperCase(Locale.ROOT);
    switch (claimed) {
      case "IMAGE", "VIDEO", "AUDIO" -> {
        if (size == 0) {
          return "an empty file";
        }
        if (info.container != null) {
          return fits(claimed, info) ? null : describe(info);
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (looksLikeText(head) && !type.startsWith(claimed.toLowerCase(Locale.ROOT) + "/")) {
          return "text";
        }
        return null;
      }
      case "TEXT", "JSON" -> {
        return info.probed && info.contentKind != null ? describe(info) : null;
      }
      default -> {
        return null;
      }
    }
  }

  private static boolean fits(String claimed, MediaInfo info) {
    String kind = info.contentKind;
    return switch (claimed) {
      case "IMAGE" -> "IMAGE".equals(kind);
      case "VIDEO" ->
          "VIDEO".equals(kind)
              || "gif".equals(info.container)
              || (AV_CONTAINERS.contains(info.container) && !"IMAGE".equals(kind));
      default -> // AUDIO: a video's sound track counts
          "AUDIO".equals(kind)
              || "VIDEO".equals(kind)
              || (AV_CONTAINERS.contains(info.container) && !"IMAGE".equals(kind));
    };
  }

  /** "a PNG image", "WAV audio", "an MP4 video". */
  static String describe(MediaInfo info) {
    String format = NAMES.getOrDefault(info.container, info.container.toUpperCase(Locale.ROOT));
    String article = AN.contains(info.container) ? "an " : "a ";
    if ("IMAGE".equals(info.contentKind)) {
      return article + format + " image";
    }
    if ("AUDIO".equals(info.contentKind)) {
      return format + " audio";
    }
    if ("VIDEO".equals(info.contentKind)) {
      return article + format + " video";
    }
    return article + format + " file";
  }

  private static final Map<String, String> NAMES =
      Map.of("matroska", "Matroska", "webm", "WebM", "webp", "WebP", "ogg", "Ogg");

  /** Formats whose spoken name starts with a vowel sound. */
  private static final Set<String> AN = Set.of("mp4", "m4a", "avi", "avif", "ogg", "mp3");

  /**
   * Whether {@code head} reads as text: UTF-8 (or UTF-16 with a byte-order mark) without NUL bytes
   * and with hardly any control characters. An incomplete character at the very end is allowed.
   */
  public static boolean looksLikeText(byte[] head) {
    if (head.length == 0) {
      return false;
    }
    if (head.length >= 2
        && ((head[0] == (byte) 0xfe && head[1] == (byte) 0xff)
            || (head[0] == (byte) 0xff && head[1] == (byte) 0xfe))) {
      return true;
    }
    int end = head.length;
    // Drop a multi-byte character cut off by the end of the head.
    for (int back = 1; back <= 3 && end - back >= 0; back++) {
      int b = head[end - back] & 0xff;
      if ((b & 0xc0) == 0xc0) {
        end -= back;
        break;
      }
      if ((b & 0x80) == 0) {
        break;
      }
    }
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    String text;
    try {
      text = utf8.decode(ByteBuffer.wrap(head, 0, end)).toString();
    } catch (CharacterCodingException e) {
      return false;
    }
    int control = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return false;
      }
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) {
        control++;
      }
    }
    return control * 100 <= text.length();
  }
}
