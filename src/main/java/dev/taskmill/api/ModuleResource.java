package dev.taskmill.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.api.dto.BundleForm;
import dev.taskmill.api.dto.DetectionDto;
import dev.taskmill.api.dto.ModuleDto;
import dev.taskmill.auth.AdminOnly;
import dev.taskmill.auth.CurrentCaller;
import dev.taskmill.config.ServerPaths;
import dev.taskmill.instance.InstanceRegistry;
import dev.taskmill.instance.ModuleWorkers;
import dev.taskmill.module.DetectionRun;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleRegistry;
import dev.taskmill.module.bundle.Bundles;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Module management: list, inspect, upload and remove, detect, disable, enable, reinstall, read
 * logs.
 */
@Path("/api/v1/modules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Modules", description = "Detect, set up, test and manage processing modules")
// The one place that names the Problem schema, which brings it into the document;
// ProblemResponses gives every other error response the same body.
@APIResponse(
    responseCode = "404",
    description = "No such module",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ModuleResource {

  private final ModuleRegistry registry;
  private final InstanceRegistry instances;
  private final ObjectMapper json;
  private final ServerPaths paths;
  private final Bundles bundles;
  private final CurrentCaller caller;

  ModuleResource(
      ModuleRegistry registry,
      InstanceRegistry instances,
      ObjectMapper json,
      ServerPaths paths,
      Bundles bundles,
      CurrentCaller caller) {
    this.bundles = bundles;
    this.caller = caller;
    this.instances = instances;
    this.paths = paths;
    this.registry = registry;
    this.json = json;
  }

  @GET
  @Operation(operationId = "listModules", summary = "Every module, by name, with its status")
  @APIResponse(responseCode = "200", description = "Every module")
  public List<ModuleDto> listModules() {
    List<InstanceRegistry.Entry> online = online();
    return registry.list().stream().map(m -> dto(m, online)).toList();
  }

  @POST
  @AdminOnly
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Operation(
      operationId = "uploadModule",
      summary = "Upload a module as a zip (a bundle); every instance sets it up and self-tests it",
      description =
          "The zip is checked completely before anything is stored: entry names (no absolute"
              + " paths, nothing escaping the module's folder), no symbolic links, at most"
              + " taskmill.modules.bundles.max-entries entries, at most"
              + " taskmill.modules.bundles.max-unpacked-size bytes actually unpacked, exactly one"
              + " main.py at the top or in the zip's one top folder, and a valid name no folder"
              + " module has. A new version replaces the old one and is set up again; the same"
              + " zip again changes nothing (200).")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.MULTIPART_FORM_DATA,
              schema = @Schema(implementation = BundleForm.class)))
  @APIResponse(
      responseCode = "202",
      description = "Stored; the module is DETECTED until the instances have set it up",
      content = @Content(schema = @Schema(implementation = ModuleDto.class)))
  @APIResponse(
      responseCode = "200",
      description = "This zip is the module's current version already; nothing changed",
      content = @Content(schema = @Schema(implementation = ModuleDto.class)))
  @APIResponse(
      responseCode = "422",
      description =
          "Not a zip, or a zip that is unsafe or no module (the detail says what is wrong);"
              + " nothing is stored")
  @APIResponse(responseCode = "409", description = "A folder module has that name")
  public Response uploadModule(
      @RestForm("file") List<FileUpload> files, @RestForm("name") String name) throws IOException {
    FileUpload file = UploadParts.theFile(files);
    Bundles.Uploaded uploaded =
        bundles.upload(file.uploadedFile(), name, file.fileName(), caller.get().userId());
    return Response.status(uploaded.changed() ? 202 : 200).entity(dto(uploaded.module())).build();
  }

  @DELETE
  @Path("/{name}")
  @AdminOnly
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Operation(
      operationId = "deleteModule",
      summary = "Retire an uploaded module, or remove the entry of a folder module that is gone",
      description =
          "A bundle's zip, its entry and its unpacked folders on every instance are removed. A"
              + " folder module's entry goes only when its folder is gone (MISSING). Tasks of the"
              + " module that have not run fail, saying the module is gone.")
  @APIResponse(responseCode = "204", description = "Removed")
  @APIResponse(
      responseCode = "409",
      description = "A folder module whose folder still exists: remove the folder first")
  public Response deleteModule(@PathParam("name") String name) {
    bundles.remove(name);
    return Response.noContent().build();
  }

  @GET
  @Path("/{name}")
  @Operation(operationId = "getModule", summary = "One module")
  @APIResponse(responseCode = "200", description = "The module")
  public ModuleDto getModule(@PathParam("name") String name) {
    return dto(registry.get(name));
  }

  @POST
  @Path("/detect")
  @AdminOnly
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Operation(
      operationId = "detectModules",
      summary = "Scan the modules folder; set up and test new or changed modules",
      description =
          "Answers at once; the work runs in the background. A call while a pass runs returns"
              + " that pass instead of starting another.")
  @APIResponse(
      responseCode = "202",
      description = "The running pass",
      content = @Content(schema = @Schema(implementation = DetectionDto.class)))
  public Response detectModules() {
    DetectionRun run = registry.detect();
    return Response.accepted(DetectionDto.of(run)).build();
  }

  @GET
  @Path("/detect")
  @AdminOnly
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Operation(operationId = "getDetection", summary = "The latest detection pass")
  @APIResponse(responseCode = "200", description = "The latest pass")
  public DetectionDto getDetection() {
    DetectionRun run = registry.lastDetection();
    if (run == null) {
      throw new ProblemException(404, "Not Found", "No detection has run yet.");
    }
    return DetectionDto.of(run);
  }

  @GET
  @Path("/{name}/log")
  @AdminOnly
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Produces(MediaType.TEXT_PLAIN)
  @Operation(
      operationId = "getModuleLog",
      summary = "Setup and self-test output of a module, as text (the tail when it was long)")
  @APIResponse(responseCode = "200", description = "The log, as text")
  public String getModuleLog(@PathParam("name") String name) {
    Module module = registry.get(name);
    StringBuilder text = new StringBuilder();
    text.append("== module ").append(module.name).append(": ").append(module.status);
    if (module.reason != null) {
      text.append(" (").append(module.reason).append(')');
    }
    text.append(" ==\n\n== setup ==\n").append(orNone(module.setupLog));
    text.append("\n== self-test ==\n").append(orNone(module.testLog));
    return text.toString();
  }

  @POST
  @Path("/{name}/disable")
  @AdminOnly
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Operation(operationId = "disableModule", summary = "Stop a module from accepting tasks")
  @APIResponse(responseCode = "409", description = "The module changed meanwhile")
  @APIResponse(responseCode = "200", description = "The disabled module")
  public ModuleDto disableModule(@PathParam("name") String name) {
    return dto(registry.disable(name));
  }

  @POST
  @Path("/{name}/enable")
  @AdminOnly
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Operation(
      operationId = "enableModule",
      summary = "Enable a disabled module; it is self-tested again before it becomes AVAILABLE")
  @APIResponse(
      responseCode = "202",
      description = "Setup started",
      content = @Content(schema = @Schema(implementation = ModuleDto.class)))
  public Response enableModule(@PathParam("name") String name) {
    return Response.accepted(dto(registry.enable(name))).build();
  }

  @POST
  @Path("/{name}/reinstall")
  @AdminOnly
  @APIResponse(responseCode = "403", description = "Needs an admin key")
  @Operation(
      operationId = "reinstallModule",
      summary = "Throw away a module's environment, install and self-test it again")
  @APIResponse(
      responseCode = "202",
      description = "Reinstall started",
      content = @Content(schema = @Schema(implementation = ModuleDto.class)))
  @APIResponse(
      responseCode = "409",
      description = "The module is disabled, missing or being set up")
  public Response reinstallModule(@PathParam("name") String name) {
    return Response.accepted(dto(registry.reinstall(name))).build();
  }

  private static String orNone(String log) {
    return log == null || log.isEmpty() ? "(nothing yet)\n" : log;
  }

  private ModuleDto dto(Module module) {
    return dto(module, online());
  }

  private ModuleDto dto(Module module, List<InstanceRegistry.Entry> online) {
    List<ModuleDto.WorkerDto> workers = new ArrayList<>();
    for (InstanceRegistry.Entry instance : online) {
      for (ModuleWorkers.Worker worker : instance.workers()) {
        if (worker.module().equals(module.name)) {
          workers.add(ModuleDto.WorkerDto.of(instance.id(), worker));
        }
      }
    }
    return ModuleDto.of(module, json, paths, workers);
  }

  /** The instances whose heartbeat is recent: an offline one's workers are gone or unknown. */
  private List<InstanceRegistry.Entry> online() {
    return instances.list().stream().filter(InstanceRegistry.Entry::online).toList();
  }
}
