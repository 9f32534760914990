package dev.taskmill.api;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.jboss.jandex.IndexView;

/**
 * The filters of the OpenAPI document the Maven build writes for the dashboard's types
 * (smallrye-open-api-maven-plugin in pom.xml, target/openapi/openapi.json), which runs one filter:
 * the problem responses and the required fields, as the service's own document has them.
 */
public class DocumentFilters implements OASFilter {

  private final ProblemResponses problems = new ProblemResponses();
  private final RequiredFields required;

  /** SmallRye hands a filter with this constructor the application's class index. */
  public DocumentFilters(IndexView index) {
    this.required = new RequiredFields(index);
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    problems.filterOpenAPI(openAPI);
    required.filterOpenAPI(openAPI);
  }
}
