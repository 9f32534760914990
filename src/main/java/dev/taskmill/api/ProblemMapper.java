package dev.taskmill.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.taskmill.data.DamagedContentException;
import dev.taskmill.failure.Conflict;
import dev.taskmill.failure.FieldError;
import dev.taskmill.failure.Forbidden;
import dev.taskmill.failure.Invalid;
import dev.taskmill.failure.MalformedRequest;
import dev.taskmill.failure.NotFound;
import dev.taskmill.failure.QuotaExceeded;
import dev.taskmill.failure.Unauthorized;
import dev.taskmill.store.StoreUnwritableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

/**
 * The one place errors become responses: RFC 9457 {@code application/problem+json} with a message a
 * person understands, never a stack trace or a class name.
 */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  @Context UriInfo uri;
  @Context Request request;
  @Context HttpHeaders headers;

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    Response.ResponseBuilder response = builder(e.status(), e.title(), e.getMessage(), e.errors());
    e.headers().forEach(response::header);
    return response.build();
  }

  /** The domain failures of {@code dev.taskmill.failure}, each by its meaning. */
  @ServerExceptionMapper
  public Response notFound(NotFound e) {
    return respond(404, "Not Found", e.getMessage());
  }

  @ServerExceptionMapper
  public Response conflict(Conflict e) {
    return respond(409, "Conflict", e.getMessage());
  }

  @ServerExceptionMapper
  public Response malformed(MalformedRequest e) {
    return respond(400, "Bad Request", e.getMessage());
  }

  @ServerExceptionMapper
  public Response invalid(Invalid e) {
    List<Problem.FieldError> errors =
        e.errors() == null ? null : e.errors().stream().map(ProblemMapper::toProblem).toList();
    return builder(422, "Unprocessable Content", e.getMessage(), errors).build();
  }

  @ServerExceptionMapper
  public Response quotaExceeded(QuotaExceeded e) {
    return respond(413, "Content Too Large", e.getMessage());
  }

  @ServerExceptionMapper
  public Response forbidden(Forbidden e) {
    return respond(403, "Forbidden", e.getMessage());
  }

  @ServerExceptionMapper
  public Response unauthorized(Unauthorized e) {
    Response.ResponseBuilder response = builder(401, "Unauthorized", e.getMessage(), null);
    if (e.challenge() != null) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, e.challenge());
    }
    return response.build();
  }

  private static Problem.FieldError toProblem(FieldError error) {
    return new Problem.FieldError(error.field(), error.message());
  }

  /**
   * 409, like content that is PENDING or FAILED: the item's state keeps it from being served, and
   * asking again will not help (a 503 would invite retries). See docs/decisions.md.
   */
  @ServerExceptionMapper
  public Response damagedContent(DamagedContentException e) {
    LOG.error(e.getMessage());
    return respond(
        409,
        "Damaged Content",
        e.getMessage()
            + " It cannot be served: create it again (upload it, or run its task again).");
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    // The JSON body reader wraps parse errors; say what was wrong with the body.
    JsonProcessingException json = jsonCause(e);
    if (status == 400 && json != null) {
      return unreadableJson(json);
    }
    if (status == 405) {
      return answer(RouteMismatch.methodNotAllowed(uri.getPath(), request.getMethod()));
    }
    if (status == 415) {
      return answer(
          RouteMismatch.unsupportedMediaType(
              uri.getPath(),
              request.getMethod(),
              headers.getHeaderString(HttpHeaders.CONTENT_TYPE)));
    }
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    String detail =
        switch (status) {
          case 404 -> "There is nothing at this address.";
          case 406 -> "This address cannot answer in the media type the Accept header asks for.";
          default -> status >= 500 ? "The service failed; the error is logged." : title + ".";
        };
    if (status >= 500) {
      LOG.error("request failed", e);
    }
    return respond(status, title, detail);
  }

  /** Quarkus ships its own mapper for this subtype, answering plain JSON; answer a problem. */
  @ServerExceptionMapper
  public Response mismatchedJson(MismatchedInputException e) {
    return unreadableJson(e);
  }

  @ServerExceptionMapper
  public Response unreadableJson(JsonProcessingException e) {
    if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      // Jackson's own message names Java types; name the field instead.
      String field =
          mismatch.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."));
      return respond(
          400, "Bad Request", "The request body has a value of the wrong type at '" + field + "'.");
    }
    if (e instanceof MismatchedInputException) {
      // At the top level: an array, a string or a number where an object belongs.
      return respond(
          400, "Bad Request", "The request body has the wrong shape: send a JSON object.");
    }
    return respond(
        400, "Bad Request", "The request body is not valid JSON: " + withoutJavaNames(e));
  }

  /** Jackson's parser message (line, column, what it expected), minus any Java type name. */
  private static String withoutJavaNames(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String cleaned =
        message
            // A parser limit names the Java setter that raises it; the numbers are what matter.
            .replaceAll(", from `[^`]*`", "")
            .replaceAll("`[^`]*`", "a value")
            .replaceAll("\\b(java|dev|com)\\.[\\w.$]+", "a value");
    JsonLocation where = e.getLocation();
    return where == null
        ? cleaned
        : cleaned + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
  }

  /** A multipart body whose parts do not parse: the client's mistake, not the service's. */
  @ServerExceptionMapper
  public Response malformedMultipart(MultipartParser.MalformedMessageException e) {
    return respond(400, "Bad Request", MALFORMED_MULTIPART);
  }

  /**
   * An I/O failure while the multipart parser reads the body (it ended before its closing
   * boundary): also the client's mistake. Any other I/O failure that reaches here is the service's.
   */
  @ServerExceptionMapper
  public Response io(IOException e) {
    if (fromMultipartParser(e)) {
      // Writing the upload to disk failed (full, read-only), or the body itself is malformed.
      return StoreUnwritableException.isDiskFailure(e)
          ? storeUnwritable(new StoreUnwritableException(e))
          : respond(400, "Bad Request", MALFORMED_MULTIPART);
    }
    LOG.error("request failed unexpectedly", e);
    return respond(500, "Internal Server Error", "The service failed; the error is logged.");
  }

  private static boolean fromMultipartParser(Throwable e) {
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith(MultipartParser.class.getPackageName())) {
        return true;
      }
    }
    return false;
  }

  static final String MALFORMED_MULTIPART =
      "The multipart body is malformed: each part needs its boundary line, its headers"
          + " (Content-Disposition with a name) and a blank line before its content.";

  /**
   * The file store is full, read-only or not permitted: the client did nothing wrong and nothing
   * was stored. 507 says so, and that the same request may succeed later.
   */
  @ServerExceptionMapper
  public Response storeUnwritable(StoreUnwritableException e) {
    LOG.warnf("a request could not be stored: %s", e.getMessage());
    return builder(
            507,
            "Insufficient Storage",
            "The file store cannot be written right now ("
                + e.reason()
                + "); nothing was stored. Try again later; an operator must free space or make"
                + " the store writable.",
            null)
        .header("Retry-After", "60")
        .build();
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    if (isFormFieldLimit(e)) {
      return respond(400, "Bad Request", tooManyFields(e));
    }
    // The multipart parser wraps its failure to create an upload's file in the store's tmp/.
    if (e.getCause() instanceof IOException io
        && StoreUnwritableException.isDiskFailure(io)
        && fromMultipartParser(e)) {
      return storeUnwritable(new StoreUnwritableException(io));
    }
    LOG.error("request failed unexpectedly", e);
    return respond(500, "Internal Server Error", "The service failed; the error is logged.");
  }

  /**
   * The form parser refuses a body with more fields than its limit with a bare RuntimeException
   * ("Param limit of 1000 exceeded"): recognised by where it comes from, as it has no type of its
   * own.
   */
  private static boolean isFormFieldLimit(RuntimeException e) {
    StackTraceElement[] frames = e.getStackTrace();
    return e.getClass() == RuntimeException.class
        && frames.length > 0
        && frames[0].getClassName().equals(FormData.class.getName());
  }

  private static String tooManyFields(RuntimeException e) {
    Matcher limit = Pattern.compile("(\\d+)").matcher(String.valueOf(e.getMessage()));
    String most = limit.find() ? limit.group(1) : "1000";
    return "The form has too many fields: at most "
        + most
        + " parts and fields are read from one request.";
  }

  private static JsonProcessingException jsonCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonProcessingException json) {
        return json;
      }
    }
    return null;
  }

  private Response answer(RouteMismatch.Answer answer) {
    Response.ResponseBuilder response =
        builder(answer.status(), answer.title(), answer.detail(), null);
    return (answer.header() == null ? response : response.header(answer.header(), answer.value()))
        .build();
  }

  private Response respond(int status, String title, String detail) {
    return builder(status, title, detail, null).build();
  }

  private Response.ResponseBuilder builder(
      int status, String title, String detail, List<Problem.FieldError> errors) {
    String instance = uri == null ? null : uri.getRequestUri().getRawPath();
    return Response.status(status)
        .type(Problem.MEDIA_TYPE)
        .entity(new Problem("about:blank", title, status, detail, instance, errors));
  }
}
