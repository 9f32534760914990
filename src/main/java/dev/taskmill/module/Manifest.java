package dev.taskmill.module;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What a module's {@code describe} command prints: its name, ports, params and needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
    String name,
    String version,
    String description,
    List<PortSpec> inputs,
    List<PortSpec> outputs,
    JsonNode params,
    List<String> requirements,
    ResourceSpec resources,
    Integer timeoutSeconds,
    Integer protocol,
    Boolean warm,
    Integer maxTasksPerWorker,
    Integer workerIdleSeconds,
    Boolean reusable,
    Integer maxConcurrent,
    List<String> labels) {

  /**
   * How the module's tasks run: warm workers when it speaks protocol 2 and does not opt out (a
   * protocol-1 module knows no {@code serve}).
   */
  Module.Workers workers() {
    Module.Workers workers = new Module.Workers();
    workers.warm = protocol != null && protocol >= 2 && !Boolean.FALSE.equals(warm);
    workers.maxTasks = positiveOrNull(maxTasksPerWorker);
    workers.idleSeconds = positiveOrNull(workerIdleSeconds);
    return workers;
  }

  /** The labels its tasks need, trimmed and in lower case, as instances offer them. */
  List<String> labelsOrEmpty() {
    return ModuleLabels.normalised(labels);
  }

  /** The most tasks of the module that may run at once, as it declares it (null: no limit). */
  Integer maxConcurrentOrNull() {
    return positiveOrNull(maxConcurrent);
  }

  private static Integer positiveOrNull(Integer value) {
    return value == null || value <= 0 ? null : value;
  }

  /**
   * One port as the manifest declares it. {@code kinds} lists every kind an input accepts; {@code
   * kind} is the first of them (a manifest from an older SDK has only {@code kind}).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PortSpec(
      String name,
      String kind,
      List<String> kinds,
      boolean optional,
      String mediaType,
      String description) {

    Module.Port toPort() {
      Module.Port port = new Module.Port();
      port.name = name;
      List<String> all = new ArrayList<>();
      if (kinds != null) {
        kinds.stream().filter(k -> k != null && !all.contains(k)).forEach(all::add);
      }
      if (all.isEmpty() && kind != null) {
        all.add(kind);
      }
      port.kind = all.isEmpty() ? kind : all.get(0);
      port.kinds = all.isEmpty() ? null : List.copyOf(all);
      port.optional = optional;
      port.mediaType = mediaType;
      port.description = description;
      return port;
    }
  }

  /** Resources as the manifest declares them. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ResourceSpec(Integer cpu, Integer memoryMb, Boolean gpu, Integer gpuMemoryMb) {

    Module.Resources toResources() {
      Module.Resources resources = new Module.Resources();
      if (cpu != null) {
        resources.cpu = cpu;
      }
      if (memoryMb != null) {
        resources.memoryMb = memoryMb;
      }
      resources.gpu = Boolean.TRUE.equals(gpu);
      if (gpuMemoryMb != null && gpuMemoryMb > 0) {
        resources.gpuMemoryMb = gpuMemoryMb;
        resources.gpu = true;
      }
      return resources;
    }
  }

  List<String> requirementsOrEmpty() {
    return requirements == null ? List.of() : requirements;
  }
}
