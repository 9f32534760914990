package dev.taskmill.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.api.dto.DataItemDto;
import dev.taskmill.api.dto.DataPageDto;
import dev.taskmill.api.dto.DataPatchRequest;
import dev.taskmill.api.dto.InlineDataRequest;
import dev.taskmill.api.dto.UploadForm;
import dev.taskmill.auth.CurrentCaller;
import dev.taskmill.config.ServerPaths;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.data.DataCatalog;
import dev.taskmill.data.DataEdits;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataItems;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataOrigin;
import dev.taskmill.data.DataStatus;
import dev.taskmill.data.FileUploads;
import dev.taskmill.data.InlineContent;
import dev.taskmill.data.InlineData;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Data items: upload files, create inline text/JSON, list, label, delete. Their content is served
 * by {@link DataContentResource}.
 */
@Path("/api/v1/data")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Data", description = "Upload, label, list and download data items")
@APIResponse(responseCode = "400", description = "A malformed id, query parameter or body")
public class DataResource {

  private static final String ID = "/{id}";

  private final FileUploads uploads;
  private final InlineData inline;
  private final DataItems items;
  private final DataEdits edits;
  private final DataCatalog catalog;
  private final ObjectMapper json;
  private final int defaultPageSize;
  private final CurrentCaller caller;
  private final ServerPaths paths;
  private final IdempotentRequests idempotent;

  DataResource(
      CurrentCaller caller,
      IdempotentRequests idempotent,
      FileUploads uploads,
      InlineData inline,
      DataItems items,
      DataEdits edits,
      DataCatalog catalog,
      ObjectMapper json,
      TaskmillConfig config,
      ServerPaths paths) {
    this.paths = paths;
    this.caller = caller;
    this.idempotent = idempotent;
    this.uploads = uploads;
    this.inline = inline;
    this.items = items;
    this.edits = edits;
    this.catalog = catalog;
    this.json = json;
    this.defaultPageSize = config.data().defaultPageSize();
  }

  // OpenAPI has one operation per path and method, so uploadData documents both bodies and the
  // JSON variant (createInlineData in the code) is hidden from the document.
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(
      operationId = "uploadData",
      summary = "Upload a file, or create a TEXT or JSON item from content in the body",
      description =
          "multipart/form-data: the file is streamed to disk; its kind and media type are"
              + " detected from the content, the client's Content-Type for it is not trusted."
              + " Audio, video and images are probed (container, duration, size, frame rate,"
              + " codecs, channels) into the item's 'media'. When the kind field or the file's"
              + " Content-Type claims IMAGE, VIDEO or AUDIO but the content clearly is not (text,"
              + " or another kind of media), the answer is 422 and nothing is stored."
              + " application/json: a TEXT or JSON item, kept in the database up to"
              + " taskmill.data.inline-limit-bytes and in the file store beyond.")
  @RequestBody(
      required = true,
      content = {
        @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = UploadForm.class)),
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = InlineDataRequest.class))
      })
  @APIResponse(
      responseCode = "201",
      description = "Created; Location names the new item",
      content = @Content(schema = @Schema(implementation = DataItemDto.class)))
  @APIResponse(
      responseCode = "422",
      description =
          "No file, or more than one; a wrong kind or misplaced content; content that is not"
              + " the claimed kind; invalid label, tags or metadata (more than 64 tags, metadata"
              + " nested deeper than 32 levels or larger than 64 KiB, text that is not valid"
              + " Unicode); or an Idempotency-Key used before for a different request")
  @APIResponse(
      responseCode = "409",
      description = "A request with this Idempotency-Key is still being served")
  @APIResponse(
      responseCode = "413",
      description =
          "Larger than taskmill.data.max-upload-size, or over the owner's storage quota (the"
              + " problem says how much is used and allowed); nothing is stored")
  public Response uploadData(
      @RestForm("file") List<FileUpload> files,
      @RestForm("label") String label,
      @RestForm("tags") List<String> tags,
      @RestForm("metadata") String metadata,
      @RestForm("kind") String kind,
      @RestForm("ttlSeconds") String ttlSeconds,
      @HeaderParam(IdempotentRequests.HEADER)
          @Parameter(
              description = IdempotentRequests.DESCRIPTION,
              schema = @Schema(type = SchemaType.STRING, maxLength = IdempotentRequests.MAX_LENGTH))
          String idempotencyKey) {
    FileUpload file = UploadParts.theFile(files);
    return idempotent.onceUpload(
        idempotencyKey,
        UploadParts.fingerprinted(file, label, tags, metadata, kind, ttlSeconds),
        file.uploadedFile(),
        () -> {
          DataItem item =
              uploads.upload(
                  file.uploadedFile(),
                  file.fileName(),
                  kind,
                  file.contentType(),
                  label,
                  tags,
                  metadata,
                  ttlSeconds,
                  caller.get());
          return new IdempotentRequests.Created(created(item), item.sha256);
        });
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(operationId = "createInlineData", hidden = true)
  public Response createInlineData(
      InlineDataRequest request, @HeaderParam(IdempotentRequests.HEADER) String idempotencyKey) {
    InlineContent content =
        request == null
            ? null
            : new InlineContent(
                request.label(),
                request.kind(),
                request.text(),
                request.json(),
                request.tags(),
                request.metadata(),
                request.ttlSeconds());
    return idempotent.once(
        idempotencyKey, request, () -> created(inline.create(content, caller.get())));
  }

  @GET
  @Operation(operationId = "listData", summary = "Data items, newest first, filtered and paged")
  @APIResponse(responseCode = "200", description = "A page of items")
  public DataPageDto listData(
      @QueryParam("page") @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0")
          String page,
      @QueryParam("size")
          @Schema(
              type = SchemaType.INTEGER,
              minimum = "1",
              maximum = "500",
              description = "Default taskmill.data.default-page-size (50)")
          String size,
      @QueryParam("label") @Schema(description = "Case-insensitive part of the label") String label,
      @QueryParam("tag") String tag,
      @QueryParam("kind")
          @Schema(
              type = SchemaType.STRING,
              enumeration = {"IMAGE", "VIDEO", "AUDIO", "TEXT", "JSON", "FILE"})
          String kind,
      @QueryParam("status")
          @Schema(
              type = SchemaType.STRING,
              enumeration = {"PENDING", "AVAILABLE", "FAILED"})
          String status,
      @QueryParam("origin")
          @Schema(
              type = SchemaType.STRING,
              enumeration = {"UPLOAD", "TASK"})
          String origin,
      @QueryParam("producerTaskId") String producerTaskId,
      @BeanParam CreatedQuery created) {
    int pageNumber = QueryParams.integer("page", page, 0, 0, Integer.MAX_VALUE);
    int pageSize = QueryParams.integer("size", size, defaultPageSize, 1, 500);
    DataCatalog.Filter filter =
        new DataCatalog.Filter(
            label,
            tag,
            QueryParams.enumeration("kind", kind, DataKind.class),
            QueryParams.enumeration("status", status, DataStatus.class),
            QueryParams.enumeration("origin", origin, DataOrigin.class),
            producerTaskId,
            caller.get().ownerFilter(),
            created.range());
    DataCatalog.Page found = catalog.list(filter, pageNumber, pageSize);
    return new DataPageDto(
        found.items().stream().map(this::dto).toList(), pageNumber, pageSize, found.total());
  }

  @GET
  @Path(ID)
  @Operation(operationId = "getData", summary = "One data item")
  @APIResponse(responseCode = "404", description = "No such item")
  @APIResponse(responseCode = "200", description = "The item")
  public DataItemDto getData(@PathParam("id") String id) {
    return dto(items.get(id, caller.get()));
  }

  @PATCH
  @Path(ID)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateData",
      summary = "Change the label, tags or metadata of an item (absent fields stay)")
  @RequestBody(content = @Content(schema = @Schema(implementation = DataPatchRequest.class)))
  @APIResponse(responseCode = "404", description = "No such item")
  @APIResponse(
      responseCode = "422",
      description = "A blank label, or tags or metadata of the wrong shape")
  @APIResponse(responseCode = "200", description = "The changed item")
  public DataItemDto updateData(@PathParam("id") String id, JsonNode body) {
    return dto(edits.update(id, body, caller.get()));
  }

  @DELETE
  @Path(ID)
  @Operation(operationId = "deleteData", summary = "Delete an item and its stored content")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "404", description = "No such item")
  @APIResponse(responseCode = "409", description = "An unfinished task produces or reads it")
  public Response deleteData(@PathParam("id") String id) {
    edits.delete(id, caller.get());
    return Response.noContent().build();
  }

  private Response created(DataItem item) {
    return Response.created(URI.create("/api/v1/data/" + item.id)).entity(dto(item)).build();
  }

  private DataItemDto dto(DataItem item) {
    return DataItemDto.of(item, json, paths);
  }
}
