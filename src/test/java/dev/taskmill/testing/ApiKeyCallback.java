package dev.taskmill.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Every test request carries the test profile's bootstrap admin key unless it sets its own
 * Authorization header; {@link #NO_KEY} as the header's value sends none at all.
 */
public class ApiKeyCallback implements QuarkusTestBeforeEachCallback {

  /** The bootstrap admin key of the test profile ({@code %test.taskmill.bootstrap-admin-key}). */
  public static final String ADMIN_KEY = "test-admin-key";

  /** Authorization header value that makes the request go out without any key. */
  public static final String NO_KEY = "none";

  private static final Filter FILTER = new DefaultKey();

  @Override
  public void beforeEach(QuarkusTestMethodContext context) {
    if (!RestAssured.filters().contains(FILTER)) {
      RestAssured.filters(FILTER);
    }
  }

  private static final class DefaultKey implements Filter {
    @Override
    public Response filter(
        FilterableRequestSpecification request,
        FilterableResponseSpecification response,
        FilterContext context) {
      String given = request.getHeaders().getValue("Authorization");
      if (given == null) {
        request.header("Authorization", "Bearer " + ADMIN_KEY);
      } else if (given.equals(NO_KEY)) {
        request.removeHeader("Authorization");
      }
      return context.next(request, response);
    }
  }
}
