package dev.taskmill.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem detail: what every error response carries. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
    @Schema(description = "A URI naming the problem type", example = "about:blank") String type,
    @Schema(description = "Short summary of the problem type", example = "Not Found") String title,
    @Schema(description = "The HTTP status", example = "404") int status,
    @Schema(description = "What went wrong, for a person", example = "There is no module 'x'.")
        String detail,
    @Schema(description = "The request path", example = "/api/v1/modules/x") String instance,
    @Schema(description = "Field by field, when the request body was invalid")
        List<FieldError> errors) {

  /** One invalid field of a request. */
  @Schema(name = "FieldError")
  public record FieldError(
      @Schema(description = "Where, e.g. inputs.image or params.width") String field,
      @Schema(description = "What is wrong with it") String message) {}

  /** The media type of problem responses. */
  public static final String MEDIA_TYPE = "application/problem+json";
}
