package dev.taskmill.api;

import dev.taskmill.api.dto.InstanceDto;
import dev.taskmill.auth.AdminOnly;
import dev.taskmill.instance.InstanceRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The instances sharing this database, with their heartbeats. */
@Path("/api/v1/instances")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Instances", description = "Service instances, roles and heartbeats")
public class InstanceResource {

  private final InstanceRegistry registry;

  InstanceResource(InstanceRegistry registry) {
    this.registry = registry;
  }

  @GET
  @AdminOnly
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Operation(
      operationId = "listInstances",
      summary = "Every registered instance (this one first); stale ones are shown OFFLINE")
  @APIResponse(responseCode = "200", description = "Every known instance")
  public List<InstanceDto> listInstances() {
    return registry.list().stream().map(InstanceDto::of).toList();
  }
}
