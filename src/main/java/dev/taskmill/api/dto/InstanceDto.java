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
    boolean online) {

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
        e.online());
  }
}
