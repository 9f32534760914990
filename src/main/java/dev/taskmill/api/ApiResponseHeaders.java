package dev.taskmill.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every {@code /api/v1} answer may echo what a user or a module wrote (task logs, module logs,
 * labels in JSON, problem details), and none is a page: a browser that opens one directly gets the
 * same sandbox as a content download ({@link ContentSafety}), so text that looks like HTML never
 * runs in the dashboard's origin.
 */
public class ApiResponseHeaders {

  @ServerResponseFilter
  public void protect(ContainerRequestContext request, ContainerResponseContext response) {
    if (!request.getUriInfo().getPath().startsWith("/api/v1")) {
      return;
    }
    response.getHeaders().putSingle("Content-Security-Policy", ContentSafety.POLICY);
    response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
  }
}
