package dev.taskmill.api;

import dev.taskmill.paging.Paging;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The {@code page} and {@code size} query parameters of the task and pipeline listings, declared
 * (and documented) once. Strings, so that {@link #paging} answers a bad number with a 400 that says
 * what is wrong.
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

  /** The parsed page; a 400 problem for a bad value. Null or blank means the default. */
  public Paging paging() {
    int p = parse("page", page, 0);
    int s = parse("size", size, Paging.DEFAULT_SIZE);
    if (p < 0) {
      throw ProblemException.badRequest("page must be 0 or more, was " + p + ".");
    }
    if (s < 1 || s > Paging.MAX_SIZE) {
      throw ProblemException.badRequest(
          "size must be between 1 and " + Paging.MAX_SIZE + ", was " + s + ".");
    }
    return new Paging(p, s);
  }

  private static int parse(String name, String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest(name + " must be a whole number, was '" + value + "'.");
    }
  }
}
