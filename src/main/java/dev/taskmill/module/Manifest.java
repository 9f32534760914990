package dev.taskmill.module;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
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
    Integer timeoutSeconds) {

  /** One port as the manifest declares it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PortSpec(
      String name, String kind, boolean optional, String mediaType, String description) {

    Module.Port toPort() {
      Module.Port port = new Module.Port();
      port.name = name;
      port.kind = kind;
      port.optional = optional;
      port.mediaType = mediaType;
      port.description = description;
      return port;
    }
  }

  /** Resources as the manifest declares them. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ResourceSpec(Integer cpu, Integer memoryMb, Boolean gpu) {

    Module.Resources toResources() {
      Module.Resources resources = new Module.Resources();
      if (cpu != null) {
        resources.cpu = cpu;
      }
      if (memoryMb != null) {
        resources.memoryMb = memoryMb;
      }
      resources.gpu = Boolean.TRUE.equals(gpu);
      return resources;
    }
  }

  List<String> requirementsOrEmpty() {
    return requirements == null ? List.of() : requirements;
  }
}
