package dev.taskmill.api.dto;

import dev.taskmill.instance.InstanceRegistry;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One Taskmill instance sharing this database. */
@Schema(name = "Instance")
public record InstanceDto(
    String id,
    String host,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"all", "api", "worker"})
        String role,
    @Schema(description = "Tasks it runs at once (0 for role api)") int capacity,
    @Schema(description = "What it offers beyond CPU, e.g. gpu") List<String> capabilities,
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
        List<GpuDto> gpus) {

  /** One declared GPU: its CUDA index, its declared memory and what its running tasks left free. */
  @Schema(name = "InstanceGpu")
  public record GpuDto(int index, int memoryMb, int freeMb) {}

  public static InstanceDto of(InstanceRegistry.Entry e) {
    return new InstanceDto(
        e.id(),
        e.host(),
        e.role(),
        e.capacity(),
        e.capabilities(),
        e.running(),
        e.freeSlots(),
        e.version(),
        e.state(),
        e.startedAt(),
        e.heartbeatAt(),
        e.online(),
        e.gpus().stream().map(g -> new GpuDto(g.index(), g.memoryMb(), g.freeMb())).toList());
  }
}
