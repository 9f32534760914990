package dev.taskmill.api;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Set;

/**
 * What a 405 or a 415 tells the client: the methods an address allows ({@code Allow}) or the body
 * types it reads ({@code Accept}, RFC 9110 §15.5.16), in the detail and in the header, read from
 * the routes the application declares.
 */
final class RouteMismatch {

  /** A problem's status, title and detail, and the header that goes with it (null: none). */
  record Answer(int status, String title, String detail, String header, String value) {}

  private RouteMismatch() {}

  static Answer methodNotAllowed(String path, String method) {
    Set<String> allowed = DeclaredRoutes.ofApplication().allowedMethods(path);
    String title = "Method Not Allowed";
    if (allowed.isEmpty()) {
      return new Answer(405, title, "This address does not accept that HTTP method.", null, null);
    }
    String list = String.join(", ", allowed);
    String detail = "This address does not accept " + method + "; it allows " + list + ".";
    return new Answer(405, title, detail, HttpHeaders.ALLOW, list);
  }

  static Answer unsupportedMediaType(String path, String method, String sent) {
    Set<String> accepted = DeclaredRoutes.ofApplication().accepted(path, method);
    String was = sent == null ? "" : " (the request said " + sent + ")";
    String title = "Unsupported Media Type";
    if (accepted.isEmpty()) {
      return new Answer(
          415, title, "This address does not accept that Content-Type" + was + ".", null, null);
    }
    String detail =
        "This address reads a body of type "
            + String.join(" or ", accepted)
            + ": send the matching Content-Type header"
            + was
            + ".";
    return new Answer(415, title, detail, HttpHeaders.ACCEPT, String.join(", ", accepted));
  }
}
