package dev.taskmill.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.taskmill.auth.CurrentCaller;
import dev.taskmill.idempotency.IdempotencyKeys;
import dev.taskmill.idempotency.KeyClaim;
import dev.taskmill.idempotency.StoredAnswer;
import dev.taskmill.store.Sha256;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a creating request at most once per {@code Idempotency-Key} of a user
 * (draft-ietf-httpapi-idempotency-key-header): a repeat of the same request answers the first
 * response again with {@code Idempotent-Replayed: true}; the key with another request is a 422; a
 * repeat while the first is being served is a 409. Only a success is stored: a failed create wrote
 * nothing, so its key is released and may be used again. Without the header the request runs as it
 * is, with no read or write here.
 */
@ApplicationScoped
public class IdempotentRequests {

  /** The request header. */
  public static final String HEADER = "Idempotency-Key";

  /** The response header that marks a repeated answer. */
  public static final String REPLAYED = "Idempotent-Replayed";

  /** What the OpenAPI document says about the header. */
  public static final String DESCRIPTION =
      "Makes a retry safe: the same key from the same user within taskmill.idempotency.ttl (24 h)"
          + " answers the first response again (with Idempotent-Replayed: true) and creates"
          + " nothing; the key with a different request is a 422, a repeat while the first is"
          + " being served a 409. Printable ASCII, 1 to 255 characters; a quoted string (RFC 8941)"
          + " is unquoted.";

  static final int MAX_LENGTH = 255;

  private static final Logger LOG = Logger.getLogger(IdempotentRequests.class);

  /** The first answer and the hash of the streamed content it stored, if any. */
  public record Created(Response response, String contentHash) {}

  private final IdempotencyKeys keys;
  private final CurrentCaller caller;
  private final ObjectMapper json;
  private final HttpServerRequest request;

  IdempotentRequests(
      IdempotencyKeys keys, CurrentCaller caller, ObjectMapper json, HttpServerRequest request) {
    this.keys = keys;
    this.caller = caller;
    this.json = json;
    this.request = request;
  }

  /**
   * Runs {@code create} for a JSON request once per key; {@code body} is the request as read, whose
   * canonical JSON (object fields sorted) is part of the fingerprint with the method and path.
   */
  public Response once(String header, Object body, Supplier<Response> create) {
    header = sent(header);
    if (header == null) {
      return create.get();
    }
    String fingerprint = sha256(operation() + "\n" + canonical(body));
    return run(header, fingerprint, null, () -> new Created(create.get(), null));
  }

  /**
   * Runs an upload once per key. The fingerprint covers the method, the path and the form's other
   * fields; the file's bytes are compared by their hash: the first request's is computed while the
   * file is stored ({@link Created#contentHash}), a repeat's by streaming its file from disk, and
   * only when there is a first to compare with.
   */
  public Response onceUpload(String header, Object fields, Path file, Supplier<Created> create) {
    header = sent(header);
    if (header == null) {
      return create.get().response();
    }
    String fingerprint = sha256(operation() + "\n" + canonical(fields));
    return run(header, fingerprint, () -> fileHash(file), create);
  }

  /** The request's method and path: the same key on another endpoint is another request. */
  private String operation() {
    return request.method().name() + " " + request.path();
  }

  private Response run(
      String header, String fingerprint, Supplier<String> content, Supplier<Created> create) {
    String key = key(header);
    String owner = caller.get().userId();
    KeyClaim claim = keys.claim(owner, key, fingerprint, content);
    if (claim instanceof KeyClaim.Repeat repeat) {
      return replay(repeat.answer());
    }
    Created created;
    try {
      created = create.get();
    } catch (RuntimeException | Error e) {
      keys.release(owner, key);
      throw e;
    }
    try {
      keys.finish(owner, key, answer(created.response()), created.contentHash());
    } catch (RuntimeException e) {
      // The thing exists: keeping the key claimed (409 until it expires) beats creating it twice.
      LOG.warnf("the answer for an idempotency key could not be stored: %s", e.getMessage());
    }
    return created.response();
  }

  /**
   * The header as sent: the parameter, or, when the framework gave none, the raw header (an empty
   * value may arrive as no parameter, and must be a 400, not a request without a key).
   */
  private String sent(String header) {
    if (header == null && !request.headers().contains(HEADER)) {
      return null; // the common case: one lookup, no allocation
    }
    java.util.List<String> values = request.headers().getAll(HEADER);
    if (values.size() > 1) {
      throw ProblemException.badRequest(
          "The request has " + values.size() + " Idempotency-Key headers; send one.");
    }
    return header != null ? header : values.isEmpty() ? null : values.get(0);
  }

  /** The key, unquoted when sent as an RFC 8941 string; a 400 problem when it is unusable. */
  static String key(String header) {
    String key = header.strip();
    if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
      key = key.substring(1, key.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    if (key.isEmpty()) {
      throw ProblemException.badRequest(
          "The Idempotency-Key header is empty; send a unique value such as a UUID, or leave the"
              + " header out.");
    }
    if (key.length() > MAX_LENGTH) {
      throw ProblemException.badRequest(
          "The Idempotency-Key is "
              + key.length()
              + " characters long; at most "
              + MAX_LENGTH
              + " are allowed (a UUID has 36).");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw ProblemException.badRequest(
            "The Idempotency-Key may hold printable ASCII characters only (such as a UUID).");
      }
    }
    return key;
  }

  private StoredAnswer answer(Response response) {
    Object entity = response.getEntity();
    String body;
    try {
      body = entity instanceof String text ? text : json.writeValueAsString(entity);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a created resource could not be written as JSON", e);
    }
    Object location = response.getHeaders().getFirst(HttpHeaders.LOCATION);
    return new StoredAnswer(
        response.getStatus(), location == null ? null : location.toString(), body);
  }

  private static Response replay(StoredAnswer answer) {
    Response.ResponseBuilder response =
        Response.status(answer.status())
            .entity(answer.body())
            .type(MediaType.APPLICATION_JSON)
            .header(REPLAYED, "true");
    if (answer.location() != null) {
      response.header(HttpHeaders.LOCATION, answer.location());
    }
    return response.build();
  }

  /** The request's JSON with object fields sorted, so equal requests read the same. */
  private String canonical(Object body) {
    try {
      Object plain = json.treeToValue(json.valueToTree(body), Object.class);
      return json.writer()
          .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writeValueAsString(plain);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalStateException("a request read from JSON could not be written back", e);
    }
  }

  private static String fileHash(Path file) {
    try {
      return Sha256.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading an uploaded file failed", e);
    }
  }

  private static String sha256(String text) {
    return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
