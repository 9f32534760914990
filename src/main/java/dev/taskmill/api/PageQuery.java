package dev.taskmill.api;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The {@code page} and {@code size} query parameters of the task and pipeline listings, declared
 * (and documented) once. Strings, so that {@link Paging#of} answers a bad number with a 400 that
 * says what is wrong.
 */
public class PageQuery {

  @QueryParam("page")
  @Parameter(description = "From 0; default 0")
  @Schema(type = SchemaType.INTEGER, minimum = "0")
  String page;

  @QueryParam("size")
  @Parameter(description = "1..500; default 50")
  @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500")
  String size;

  /** The parsed page; a 400 problem for a bad value. */
  public Paging paging() {
    return Paging.of(page, size);
  }
}
