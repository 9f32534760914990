package dev.taskmill.api;

import dev.taskmill.paging.CreatedRange;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The id and creation-range query parameters of the data list, declared (and documented) once. */
public class CreatedQuery {

  @QueryParam("id")
  @Parameter(description = "An id, or its start (hexadecimal digits)")
  @Schema(type = SchemaType.STRING, pattern = "^[0-9a-fA-F]{1,24}$")
  String id;

  @QueryParam("createdFrom")
  @Parameter(
      description =
          "Created at or after: an instant (2026-12-07T10:00:00Z) or a day (2026-12-07, from its"
              + " start in UTC)")
  String createdFrom;

  @QueryParam("createdTo")
  @Parameter(
      description =
          "Created at or before: an instant (2026-12-07T18:00:00Z) or a day (2026-12-07, to its"
              + " end in UTC)")
  String createdTo;

  /** The range, or a 400 that names the wrong parameter. */
  public CreatedRange range() {
    return CreatedRange.parse(id, createdFrom, createdTo);
  }
}
