package dev.taskmill.auth;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.failure.Forbidden;
import dev.taskmill.failure.NotFound;
import dev.taskmill.failure.Unauthorized;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /api/v1} operation needs an API key: {@code Authorization: Bearer <key>}, or the
 * {@code taskmill_key} cookie (what a browser sends for images, videos and the event stream, which
 * cannot carry headers). The cookie reads only: a request that changes something needs the header,
 * so a page the browser opens (another site, or an uploaded file) cannot act with the key the
 * browser holds. Health, metrics and the OpenAPI document stay open.
 */
public class AuthFilter {

  /** The cookie the dashboard sets, for requests a page cannot add headers to. */
  public static final String COOKIE = "taskmill_key";

  private static final String CHALLENGE = "Bearer realm=\"taskmill\"";

  /** The methods a cookie may authenticate: they only read. */
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final ApiKeys keys;
  private final CurrentCaller current;
  private final boolean servesApi;

  AuthFilter(ApiKeys keys, CurrentCaller current, TaskmillConfig config) {
    this.keys = keys;
    this.current = current;
    this.servesApi = config.role().servesApi();
  }

  @ServerRequestFilter
  public void authenticate(ContainerRequestContext request, ResourceInfo resource) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api/v1")) {
      return;
    }
    if (!servesApi) {
      throw new NotFound(
          "This instance is a worker (taskmill.role=worker): it runs tasks and serves no API"
              + " besides health. Call an instance with role api or all.");
    }
    if (request.getHeaderString(HttpHeaders.AUTHORIZATION) == null
        && hasCookie(request)
        && !SAFE_METHODS.contains(request.getMethod())) {
      throw new Forbidden(
          "A "
              + request.getMethod()
              + " request must send its key as 'Authorization: Bearer <key>'. The "
              + COOKIE
              + " cookie is accepted for GET and HEAD only (images, videos, the event stream), so"
              + " that no page the browser opens can change anything with it.");
    }
    Optional<String> presented = presented(request);
    if (presented.isEmpty()) {
      throw new Unauthorized(
          "This API needs a key: send 'Authorization: Bearer <key>'. An admin creates keys"
              + " with POST /api/v1/keys; the first admin key is in data/admin-key or"
              + " TASKMILL_BOOTSTRAP_ADMIN_KEY.",
          CHALLENGE);
    }
    Caller caller =
        keys.authenticate(presented.get())
            .orElseThrow(
                () -> new Unauthorized("The API key is unknown or has been revoked.", CHALLENGE));
    boolean workerOperation = annotated(resource, WorkerOnly.class);
    if (caller.role() == Role.WORKER && !workerOperation) {
      throw new Forbidden(
          "This is a worker key: it may call only the worker protocol under /api/v1/workers"
              + " (docs/worker-protocol.md). Use a user or admin key for the rest of the API.");
    }
    if (caller.role() != Role.WORKER && workerOperation) {
      throw new Forbidden(
          "Only a worker key may call the worker protocol; an admin creates one with POST"
              + " /api/v1/keys and {\"role\": \"worker\"}.");
    }
    if (!caller.isAdmin() && annotated(resource, AdminOnly.class)) {
      throw new Forbidden(
          "Only an admin key may do this; this key belongs to a " + caller.role().wire() + ".");
    }
    current.set(caller);
  }

  private static boolean annotated(
      ResourceInfo resource, Class<? extends java.lang.annotation.Annotation> marker) {
    return (resource.getResourceMethod() != null
            && resource.getResourceMethod().isAnnotationPresent(marker))
        || (resource.getResourceClass() != null
            && resource.getResourceClass().isAnnotationPresent(marker));
  }

  private static boolean hasCookie(ContainerRequestContext request) {
    Cookie cookie = request.getCookies().get(COOKIE);
    return cookie != null && cookie.getValue() != null && !cookie.getValue().isBlank();
  }

  private static Optional<String> presented(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header != null) {
      String value = header.strip();
      if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
        String key = value.substring(7).strip();
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
      }
      return Optional.empty();
    }
    return hasCookie(request)
        ? Optional.of(request.getCookies().get(COOKIE).getValue().strip())
        : Optional.empty();
  }
}
