package dev.taskmill.api;

import dev.taskmill.data.DataContent;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Turns an item's content into an HTTP response: ETag, ranges, disposition, the headers that keep a
 * browser from running it in the API's origin ({@link ContentSafety}), and bytes streamed as fast
 * as the client reads them ({@link ClientPacedOutput}).
 */
final class ContentResponse {

  private static final int BUFFER = 64 * 1024;

  private ContentResponse() {}

  /**
   * The response to a GET ({@code body} is the Vert.x response its bytes go to) or to a HEAD
   * ({@code body} null: headers only).
   */
  static Response of(
      DataContent content,
      String range,
      String ifNoneMatch,
      String ifRange,
      HttpServerResponse body,
      LongConsumer served) {
    DataItem item = content.item();
    String etag = "\"" + item.sha256 + "\"";
    if (matches(ifNoneMatch, etag)) {
      return ContentSafety.protect(Response.notModified().header(HttpHeaders.ETAG, etag)).build();
    }
    long length = content.length();
    // A Range for another version of the content (If-Range) gets the whole content instead.
    ByteRange part =
        ifRange == null || ifRange.strip().equals(etag) ? ByteRange.parse(range, length) : null;
    long start = part == null ? 0 : part.start();
    long count = part == null ? length : part.length();
    Response.ResponseBuilder response =
        (part == null ? Response.ok() : Response.status(206))
            .header(HttpHeaders.CONTENT_TYPE, contentType(item))
            .header(HttpHeaders.CONTENT_LENGTH, count)
            .header(HttpHeaders.ETAG, etag)
            .header("Accept-Ranges", "bytes")
            .header(
                "Content-Disposition",
                disposition(
                    ContentSafety.dispositionType(item.mediaType),
                    item.label == null ? item.id : item.label));
    ContentSafety.protect(response);
    if (part != null) {
      response.header("Content-Range", part.contentRange(length));
    }
    if (body != null) {
      response.entity(stream(content.opener(), start, count, body, served));
    }
    return response.build();
  }

  /**
   * The bytes go straight to the Vert.x response, paced by the client; the stream JAX-RS passes in
   * only ends the response afterwards. When the stored file ends early the copy throws after the
   * status line went out, and RESTEasy then resets the connection: the client sees a broken
   * download, never a short 200.
   */
  private static StreamingOutput stream(
      DataContent.Opener opener,
      long start,
      long count,
      HttpServerResponse body,
      LongConsumer served) {
    return ignoredOut -> {
      try (InputStream in = opener.open(start)) {
        // Vert.x refuses a body without a length before RESTEasy copies the headers at commit.
        // Set only once the content opened: a failure to open still becomes a problem answer.
        body.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(count));
        copy(in, new ClientPacedOutput(body), count, served);
      }
    };
  }

  private static void copy(InputStream in, OutputStream out, long count, LongConsumer served)
      throws IOException {
    byte[] buffer = new byte[BUFFER];
    long left = count;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        throw new IOException("the content ended " + left + " bytes early");
      }
      out.write(buffer, 0, read);
      served.accept(read);
      left -= read;
    }
  }

  static String contentType(DataItem item) {
    String type = item.mediaType == null ? "application/octet-stream" : item.mediaType;
    boolean text = item.kind == DataKind.TEXT || type.startsWith("text/");
    return text && !type.toLowerCase().contains("charset=") ? type + "; charset=utf-8" : type;
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    return Arrays.stream(ifNoneMatch.split(","))
        .map(String::strip)
        .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
        .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
  }

  /** RFC 6266: an ASCII {@code filename} every client reads, {@code filename*} for the rest. */
  static String disposition(String type, String name) {
    StringBuilder ascii = new StringBuilder();
    boolean plain = true;
    for (char c : name.toCharArray()) {
      boolean safe = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
      ascii.append(safe ? c : '_');
      plain &= c >= 0x20 && c < 0x7f;
    }
    String value = type + "; filename=\"" + ascii + "\"";
    return plain ? value : value + "; filename*=UTF-8''" + percentEncode(name);
  }

  private static String percentEncode(String name) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean attrChar =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$&+-.^_`|~".indexOf(c) >= 0;
      if (attrChar) {
        encoded.append(c);
      } else {
        encoded.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return encoded.toString();
  }
}
