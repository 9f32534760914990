package dev.taskmill.api.dto;

import dev.taskmill.instance.InstanceRegistry;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One Taskmill instance sharing this database, or a remote worker registered over the API. */
@Schema(name = "Instance")
public record InstanceDto(
    String id,
    String host,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"all", "api", "worker"})
        String role,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"local", "remote"},
            description =
                "local: shares the database; remote: a worker that claims over the worker protocol"
                    + " (docs/worker-protocol.md)")
        String kind,
    @Schema(description = "Tasks it runs at once (0 for role api)") int capacity,
    @Schema(description = "What it offers beyond CPU, e.g. gpu (the same as labels)")
        List<String> capabilities,
    @Schema(
            description =
                "The labels it offers (taskmill.capabilities, or a remote worker's registration): a"
                    + " task whose module needs labels runs only where all of them are offered")
        List<String> labels,
    int running,
    int freeSlots,
    String version,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"RUNNING", "DRAINING", "OFFLINE"},
            description = "OFFLINE: no heartbeat for taskmill.instances.offline-after")
        String state,
    Instant startedAt,
    Instant heartbeatAt,
    boolean online,
    @Schema(
            description =
                "The GPUs it declares (taskmill.gpus): index, memoryMb declared and freeMb not"
                    + " reserved by its running tasks; empty when it declares none")
        List<GpuDto> gpus,
    @Schema(
            description =
                "The modules a remote worker has AVAILABLE (name, version, checksum); empty for a"
                    + " local instance, which runs the modules of the shared registry")
        List<ModuleCopyDto> modules) {

  /** One declared GPU: its CUDA index, its declared memory and what its running tasks left free. */
  @Schema(name = "InstanceGpu")
  public record GpuDto(int index, int memoryMb, int freeMb) {}

  /** A module a remote worker reported AVAILABLE, with the checksum it set up. */
  @Schema(name = "InstanceModule")
  public record ModuleCopyDto(String name, String version, String checksum) {}

  public static InstanceDto of(InstanceRegistry.Entry e) {
    return new InstanceDto(
        e.id(),
        e.host(),
        e.role(),
        e.kind(),
        e.capacity(),
        e.capabilities(),
        e.capabilities(),
        e.running(),
        e.freeSlots(),
        e.version(),
        e.state(),
        e.startedAt(),
        e.heartbeatAt(),
        e.online(),
        e.gpus().stream().map(g -> new GpuDto(g.index(), g.memoryMb(), g.freeMb())).toList(),
        e.modules().stream()
            .map(m -> new ModuleCopyDto(m.name(), m.version(), m.checksum()))
            .toList());
  }
}
