package dev.taskmill.deploy;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * KEDA's ScaledObject ({@code keda.sh/v1alpha1}) as its CRD defines the fields the manifests use:
 * no fabric8 model ships for it, and with records a misspelt field fails to parse as it does for
 * the built-in kinds.
 */
// Bound field by field: fabric8's resource deserializer would make any unknown kind a generic map.
@JsonDeserialize(using = JsonDeserializer.None.class)
public final class ScaledObject implements HasMetadata {

  private String apiVersion;
  private String kind;
  private ObjectMeta metadata;
  private Spec spec;

  /** The scaler: what it scales, between which sizes, on which triggers. */
  public record Spec(
      ScaleTarget scaleTargetRef,
      Integer pollingInterval,
      Integer cooldownPeriod,
      Integer initialCooldownPeriod,
      Integer idleReplicaCount,
      Integer minReplicaCount,
      Integer maxReplicaCount,
      Fallback fallback,
      List<Trigger> triggers) {}

  /** The workload scaled (a Deployment when kind is absent). */
  public record ScaleTarget(
      String apiVersion, String kind, String name, String envSourceContainerName) {}

  /** Replicas to hold when the trigger keeps failing. */
  public record Fallback(Integer failureThreshold, Integer replicas) {}

  /** One scaler, e.g. {@code prometheus} with its serverAddress, query and threshold. */
  public record Trigger(
      String type,
      String name,
      String metricType,
      Boolean useCachedMetrics,
      Map<String, String> metadata,
      AuthenticationRef authenticationRef) {}

  /** A TriggerAuthentication holding the scaler's credentials. */
  public record AuthenticationRef(String name, String kind) {}

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  @Override
  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  @Override
  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  @Override
  public ObjectMeta getMetadata() {
    return metadata;
  }

  @Override
  public void setMetadata(ObjectMeta metadata) {
    this.metadata = metadata;
  }

  public Spec getSpec() {
    return spec;
  }

  public void setSpec(Spec spec) {
    this.spec = spec;
  }
}
