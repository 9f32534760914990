package dev.taskmill.api;

import dev.taskmill.api.dto.CreatedWebhookDto;
import dev.taskmill.api.dto.DeliveryDto;
import dev.taskmill.api.dto.WebhookDto;
import dev.taskmill.api.dto.WebhookRequest;
import dev.taskmill.auth.CurrentCaller;
import dev.taskmill.webhook.Webhook;
import dev.taskmill.webhook.WebhookSpec;
import dev.taskmill.webhook.Webhooks;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

/**
 * Webhooks: a user's URLs called when their tasks or pipelines end (an admin's also when modules
 * become available or fail), and each webhook's deliveries.
 */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks", description = "Calls to your URL when your tasks and pipelines end")
public class WebhookResource {

  private static final String ID = "/{id}";
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;

  private final Webhooks webhooks;
  private final CurrentCaller caller;

  WebhookResource(Webhooks webhooks, CurrentCaller caller) {
    this.webhooks = webhooks;
    this.caller = caller;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createWebhook",
      summary = "Create a webhook; its signing secret is in this answer only")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(implementation = WebhookRequest.class)))
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = CreatedWebhookDto.class)))
  @APIResponse(
      responseCode = "422",
      description = "A URL that is not http(s) or points at a private address, unknown events")
  @APIResponse(responseCode = "409", description = "The user has the most webhooks allowed")
  public Response createWebhook(WebhookRequest request) {
    Webhook webhook = webhooks.create(spec(request), caller.get());
    return Response.created(URI.create("/api/v1/webhooks/" + webhook.id))
        .entity(new CreatedWebhookDto(webhook.secret, WebhookDto.of(webhook)))
        .build();
  }

  @GET
  @Operation(
      operationId = "listWebhooks",
      summary = "The caller's webhooks (an admin's: everyone's), oldest first")
  @APIResponse(responseCode = "200", description = "The webhooks, without their secrets")
  public List<WebhookDto> listWebhooks() {
    return webhooks.list(caller.get()).stream().map(WebhookDto::of).toList();
  }

  @GET
  @Path(ID)
  @Operation(operationId = "getWebhook", summary = "A webhook, without its secret")
  @APIResponse(responseCode = "200", description = "The webhook")
  @APIResponse(responseCode = "404", description = "No such webhook")
  public WebhookDto getWebhook(@PathParam("id") String id) {
    return WebhookDto.of(webhooks.get(id, caller.get()));
  }

  @PATCH
  @Path(ID)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "updateWebhook",
      summary = "Change a webhook's URL, events, description or active (absent fields stay)")
  @RequestBody(
      required = true,
      content = @Content(schema = @Schema(implementation = WebhookRequest.class)))
  @APIResponse(responseCode = "200", description = "The changed webhook")
  @APIResponse(responseCode = "404", description = "No such webhook")
  @APIResponse(responseCode = "422", description = "A field that may not be so")
  public WebhookDto updateWebhook(@PathParam("id") String id, WebhookRequest request) {
    return WebhookDto.of(webhooks.update(id, spec(request), caller.get()));
  }

  @DELETE
  @Path(ID)
  @Operation(operationId = "deleteWebhook", summary = "Delete a webhook and its deliveries")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "404", description = "No such webhook")
  public Response deleteWebhook(@PathParam("id") String id) {
    webhooks.delete(id, caller.get());
    return Response.noContent().build();
  }

  @GET
  @Path(ID + "/deliveries")
  @Operation(
      operationId = "listWebhookDeliveries",
      summary = "A webhook's deliveries, newest first: status, tries, last answer, next try")
  @APIResponse(responseCode = "200", description = "The deliveries")
  @APIResponse(responseCode = "404", description = "No such webhook")
  public List<DeliveryDto> listWebhookDeliveries(
      @PathParam("id") String id,
      @QueryParam("limit")
          @Parameter(description = "1.." + MAX_LIMIT + "; default " + DEFAULT_LIMIT)
          @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500")
          String limit) {
    return webhooks.deliveries(id, limit(limit), caller.get()).stream()
        .map(DeliveryDto::of)
        .toList();
  }

  @POST
  @Path(ID + "/deliveries/{deliveryId}/redeliver")
  @Operation(
      operationId = "redeliverWebhookDelivery",
      summary =
          "Send a delivery again now, with the same id and body and the whole retry time ahead")
  @APIResponse(
      responseCode = "200",
      description = "Due now",
      content = @Content(schema = @Schema(implementation = DeliveryDto.class)))
  @APIResponse(responseCode = "404", description = "No such webhook or delivery")
  @APIResponse(responseCode = "409", description = "It is being sent right now")
  public DeliveryDto redeliverWebhookDelivery(
      @PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
    return DeliveryDto.of(webhooks.redeliver(id, deliveryId, caller.get()));
  }

  private static WebhookSpec spec(WebhookRequest request) {
    return request == null
        ? null
        : new WebhookSpec(
            request.url(),
            request.events(),
            request.secret(),
            request.description(),
            request.active());
  }

  private static int limit(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.strip());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ProblemException.badRequest(
        "limit must be a whole number from 1 to " + MAX_LIMIT + ", was '" + value + "'.");
  }
}
