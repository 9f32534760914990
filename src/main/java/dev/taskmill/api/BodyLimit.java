package dev.taskmill.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.config.TaskmillConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a request whose declared body is larger than {@code taskmill.data.max-upload-size} with a
 * 413 problem before reading any of it (the HTTP layer would otherwise answer a bare 413, or only
 * after receiving the limit). A body without Content-Length is cut off by the HTTP layer's own
 * limit, set to the same size.
 */
@ApplicationScoped
public class BodyLimit {

  private final long limit;
  private final String human;
  private final ObjectMapper json;

  BodyLimit(TaskmillConfig config, ObjectMapper json) {
    this.limit = config.data().maxUploadSize().asLongValue();
    this.human = humanSize(limit);
    this.json = json;
  }

  void install(@Observes Router router) {
    router
        .route()
        .order(-1000)
        .handler(
            ctx -> {
              String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
              if (length != null && tooLarge(length)) {
                Problem problem =
                    new Problem(
                        "about:blank",
                        "Content Too Large",
                        413,
                        "The request body is "
                            + humanSize(Long.parseLong(length.strip()))
                            + "; this service takes at most "
                            + human
                            + " (taskmill.data.max-upload-size).",
                        ctx.request().path(),
                        null);
                try {
                  ctx.response()
                      .setStatusCode(413)
                      .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                      .putHeader(HttpHeaders.CONNECTION, "close")
                      .end(json.writeValueAsString(problem));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                  ctx.response().setStatusCode(413).end();
                }
                return;
              }
              ctx.next();
            });
  }

  private boolean tooLarge(String length) {
    try {
      return Long.parseLong(length.strip()) > limit;
    } catch (NumberFormatException e) {
      return false; // the HTTP layer answers a malformed Content-Length itself
    }
  }

  static String humanSize(long bytes) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0
        ? bytes + " bytes"
        : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
