package dev.taskmill.api;

import dev.taskmill.auth.CurrentCaller;
import dev.taskmill.data.DataItems;
import dev.taskmill.data.DataMetrics;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Downloads of a data item's content, with ranges and conditional requests. Under the same tag as
 * {@link DataResource}: one API to clients, two classes here.
 */
@Path("/api/v1/data/{id}/content")
@Produces(MediaType.WILDCARD)
@Tag(name = "Data", description = "Upload, label, list and download data items")
@APIResponse(responseCode = "400", description = "A malformed id, query parameter or body")
public class DataContentResource {

  private final DataItems items;
  private final DataMetrics metrics;
  private final CurrentCaller caller;

  DataContentResource(CurrentCaller caller, DataItems items, DataMetrics metrics) {
    this.caller = caller;
    this.items = items;
    this.metrics = metrics;
  }

  @GET
  @Produces(MediaType.WILDCARD)
  @Operation(
      operationId = "getDataContent",
      summary = "Download the content (files and inline text/JSON alike)",
      description =
          "Supports Range (one range: bytes=a-b, a- or -n), If-None-Match with the ETag (the"
              + " sha256) and If-Range.")
  @APIResponse(
      responseCode = "200",
      description = "The content, with Content-Type, Content-Length, ETag and Accept-Ranges",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_OCTET_STREAM,
            schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(
            mediaType = MediaType.WILDCARD,
            schema = @Schema(type = SchemaType.STRING, format = "binary"))
      })
  @APIResponse(
      responseCode = "206",
      description = "The requested range, with Content-Range",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_OCTET_STREAM,
            schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(
            mediaType = MediaType.WILDCARD,
            schema = @Schema(type = SchemaType.STRING, format = "binary"))
      })
  @APIResponse(responseCode = "304", description = "If-None-Match matched the ETag")
  @APIResponse(responseCode = "404", description = "No such item")
  @APIResponse(responseCode = "409", description = "The item is PENDING or FAILED")
  @APIResponse(responseCode = "416", description = "The range lies outside the content")
  public Response getDataContent(
      @PathParam("id") String id,
      @HeaderParam("Range") String range,
      @HeaderParam("If-None-Match") String ifNoneMatch,
      @HeaderParam("If-Range") String ifRange,
      @Context HttpServerResponse body) {
    return ContentResponse.of(
        items.content(id, caller.get()), range, ifNoneMatch, ifRange, body, metrics::served);
  }

  @HEAD
  @Produces(MediaType.WILDCARD)
  @Operation(operationId = "headDataContent", summary = "The headers of a content download")
  @APIResponse(responseCode = "200", description = "The headers a GET would answer with")
  @APIResponse(responseCode = "206", description = "The headers of the requested range")
  @APIResponse(responseCode = "304", description = "If-None-Match matched the ETag")
  @APIResponse(responseCode = "404", description = "No such item")
  @APIResponse(responseCode = "409", description = "The item is PENDING or FAILED")
  @APIResponse(responseCode = "416", description = "The range lies outside the content")
  public Response headDataContent(
      @PathParam("id") String id,
      @HeaderParam("Range") String range,
      @HeaderParam("If-None-Match") String ifNoneMatch,
      @HeaderParam("If-Range") String ifRange) {
    return ContentResponse.of(
        items.content(id, caller.get()), range, ifNoneMatch, ifRange, null, metrics::served);
  }
}
