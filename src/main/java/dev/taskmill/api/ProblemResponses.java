package dev.taskmill.api;

import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Gives every error response in the OpenAPI document the problem+json body, and every operation a
 * 400 and a 500, so resources declare only which errors they answer and why (registered with {@code
 * mp.openapi.filter}).
 */
public class ProblemResponses implements OASFilter {

  private static final String BEARER = "apiKey";

  /** Operations that write to the file store, and so may answer 507 when it is full. */
  private static final java.util.Set<String> STORES_FILES =
      java.util.Set.of("uploadData", "uploadModule");

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    if (openAPI.getComponents() == null) {
      openAPI.setComponents(OASFactory.createComponents());
    }
    openAPI
        .getComponents()
        .addSecurityScheme(
            BEARER,
            OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description(
                    // A code span: Swagger UI reads descriptions as Markdown, and a bare <key>
                    // would be taken for an HTML tag and vanish.
                    "An API key: `Authorization: Bearer <key>`. Browsers may send it as the"
                        + " taskmill_key cookie instead, for GET and HEAD only: a request that"
                        + " changes something with the cookie alone is refused (403)."));
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) ->
                item.getOperations()
                    .values()
                    .forEach(
                        operation -> {
                          APIResponses responses = operation.getResponses();
                          if (responses == null) {
                            return;
                          }
                          if (path.startsWith("/api/v1")) {
                            operation.setSecurity(
                                List.of(OASFactory.createSecurityRequirement().addScheme(BEARER)));
                            ensure(responses, "401", "No API key, or an unknown or revoked one");
                          }
                          ensure(responses, "400", "The request is malformed");
                          ensure(responses, "500", "The service failed; the error is logged");
                          if (STORES_FILES.contains(operation.getOperationId())) {
                            ensure(
                                responses,
                                "507",
                                "The file store cannot be written (full, read-only); nothing was"
                                    + " stored, try again later");
                          }
                          responses
                              .getAPIResponses()
                              .forEach(
                                  (code, response) -> {
                                    if ((code.startsWith("4") || code.startsWith("5"))
                                        && response.getRef() == null
                                        && response.getContent() == null) {
                                      response.setContent(problem());
                                    }
                                  });
                        }));
  }

  private static void ensure(APIResponses responses, String code, String description) {
    if (!responses.hasAPIResponse(code)) {
      APIResponse response = OASFactory.createAPIResponse().description(description);
      responses.addAPIResponse(code, response);
    }
  }

  private static Content problem() {
    return OASFactory.createContent()
        .addMediaType(
            Problem.MEDIA_TYPE,
            OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("#/components/schemas/Problem")));
  }
}
