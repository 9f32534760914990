package dev.taskmill.api.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.config.ServerPaths;
import dev.taskmill.instance.ModuleWorkers;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleStatus;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A module as clients see it. */
@Schema(name = "Module")
public record ModuleDto(
    @Schema(description = "Unique name, also its folder under modules/") String name,
    String version,
    String description,
    ModuleStatus status,
    @Schema(description = "Why it is FAILED, DISABLED or MISSING") String reason,
    List<PortDto> inputs,
    List<PortDto> outputs,
    @Schema(description = "JSON Schema of the task params", implementation = Object.class)
        JsonNode params,
    List<String> requirements,
    ResourcesDto resources,
    Integer timeoutSeconds,
    @Schema(description = "SHA-256 of the module folder it was set up from") String checksum,
    Instant detectedAt,
    Instant updatedAt,
    Instant availableAt,
    @Schema(
            description =
                "Whether one worker process serves many of its tasks, loading the module once"
                    + " (protocol 2, the default); false: a fresh process per task")
        boolean warm,
    @Schema(description = "A worker is replaced after this many tasks; null: never")
        Integer maxTasksPerWorker,
    @Schema(description = "A worker idle this long is stopped; null: the service's default")
        Integer workerIdleSeconds,
    @Schema(
            description =
                "Its warm workers on every online instance: this instance's as they are now, the"
                    + " others' as of their last heartbeat")
        List<WorkerDto> workers,
    @Schema(
            description =
                "False when the module declares itself non-deterministic (reusable = False): a"
                    + " task created with reuse runs it all the same")
        boolean reusable,
    @Schema(
            description =
                "The most of its tasks that run at once across all instances, as the module"
                    + " declares it (max_concurrent); taskmill.modules.max-concurrent may set a"
                    + " lower one. Null: no limit of its own")
        Integer maxConcurrent,
    @Schema(
            description =
                "FOLDER: a folder under modules/ (remove it by removing the folder); BUNDLE:"
                    + " uploaded as a zip (POST /api/v1/modules), removed by DELETE",
            enumeration = {"FOLDER", "BUNDLE"})
        String source,
    @Schema(description = "SHA-256 of the uploaded zip of a BUNDLE module; null for a folder")
        String bundle) {

  /** One warm worker process of the module. */
  @Schema(name = "ModuleWorker")
  public record WorkerDto(
      @Schema(description = "The instance it runs on (GET /api/v1/instances)") String instance,
      @Schema(description = "The module's process id, -1 while it starts") long pid,
      @Schema(description = "STARTING, IDLE or BUSY") String state,
      @Schema(description = "Tasks it has finished") int jobsServed,
      Instant started,
      @Schema(description = "Resident memory of its process tree; null where the host cannot say")
          Long rssBytes) {

    public static WorkerDto of(String instance, ModuleWorkers.Worker worker) {
      return new WorkerDto(
          instance,
          worker.pid(),
          worker.state(),
          worker.jobsServed(),
          worker.started(),
          worker.rssBytes());
    }
  }

  /** One input or output port. */
  @Schema(name = "Port")
  public record PortDto(
      String name,
      @Schema(description = "The first of kinds (kept for clients that know one kind per port)")
          String kind,
      @Schema(
              description =
                  "Every kind the port accepts, e.g. [AUDIO, VIDEO]; an output has exactly one")
          List<String> kinds,
      boolean optional,
      String mediaType,
      String description) {}

  /** What one task of the module needs. */
  @Schema(name = "Resources")
  public record ResourcesDto(
      int cpu,
      int memoryMb,
      boolean gpu,
      @Schema(
              description =
                  "GPU memory one task needs, in MB (0: none declared); a task is claimed only by"
                      + " an instance with a GPU that has this much free")
          int gpuMemoryMb) {}

  /**
   * Maps the entity; {@code json} parses the stored schema text, {@code paths} hides server paths
   * in the reason its setup failed.
   */
  public static ModuleDto of(
      Module m, ObjectMapper json, ServerPaths paths, List<WorkerDto> workers) {
    Module.Workers settings = m.workers;
    return new ModuleDto(
        m.name,
        m.version,
        m.description,
        m.status,
        paths.hide(m.reason),
        ports(m.inputs),
        ports(m.outputs),
        parse(m.paramsSchema, json),
        m.requirements == null ? List.of() : m.requirements,
        m.resources == null
            ? null
            : new ResourcesDto(
                m.resources.cpu,
                m.resources.memoryMb,
                m.resources.needsGpu(),
                m.resources.gpuMemoryMb),
        m.timeoutSeconds,
        m.checksum,
        m.detectedAt,
        m.updatedAt,
        m.availableAt,
        settings != null && settings.warm,
        settings == null ? null : settings.maxTasks,
        settings == null ? null : settings.idleSeconds,
        workers,
        m.isReusable(),
        m.maxConcurrent,
        m.bundle == null ? "FOLDER" : "BUNDLE",
        m.bundle);
  }

  private static List<PortDto> ports(List<Module.Port> ports) {
    if (ports == null) {
      return List.of();
    }
    return ports.stream()
        .map(
            p ->
                new PortDto(
                    p.name, p.kind, Module.Port.kindsOf(p), p.optional, p.mediaType, p.description))
        .toList();
  }

  private static JsonNode parse(String text, ObjectMapper json) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }
}
