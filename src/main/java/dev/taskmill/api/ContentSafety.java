package dev.taskmill.api;

import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps stored bytes from ever running as a page of the API's origin, whoever uploaded them or
 * whichever module wrote them. A browser that opens a content URL gets a sandboxed document without
 * scripts or any resource loads ({@code Content-Security-Policy: sandbox}, which also gives it an
 * opaque origin: no cookies, no storage, no same-origin requests), must take the declared type as
 * it is ({@code nosniff}), and downloads anything that is not plain media or text instead of
 * displaying it. The dashboard's {@code <img>}, {@code <video>}, {@code <audio>} and {@code
 * <track>} are unaffected: a policy and a disposition apply to documents, not to media an element
 * loads.
 */
final class ContentSafety {

  /** No script, no plugin, no form, no resource load, and an origin of its own. */
  static final String POLICY = "sandbox; default-src 'none'";

  /** Shown in the browser: media it decodes itself, text and JSON. */
  private static final Set<String> INLINE_TYPES = Set.of("text/plain", "application/json");

  private ContentSafety() {}

  /** Adds the headers every response carrying stored bytes needs. */
  static Response.ResponseBuilder protect(Response.ResponseBuilder response) {
    return response
        .header("Content-Security-Policy", POLICY)
        .header("X-Content-Type-Options", "nosniff");
  }

  /**
   * {@code inline} for what a browser shows as a picture, a player or text; {@code attachment} for
   * everything else: HTML, SVG, any XML, scripts, PDF (a viewer with scripts of its own), and types
   * the service does not know, which a browser might render as a document.
   */
  static String dispositionType(String mediaType) {
    if (mediaType == null) {
      return "attachment";
    }
    String type = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (type.contains("xml") || type.contains("svg") || type.contains("script")) {
      return "attachment";
    }
    boolean media =
        type.startsWith("image/") || type.startsWith("audio/") || type.startsWith("video/");
    return media || INLINE_TYPES.contains(type) ? "inline" : "attachment";
  }
}
