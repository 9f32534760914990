package dev.taskmill.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Validates deployment/ without a cluster: every manifest and every kustomize build parses into
 * fabric8's typed model with no unknown field, and the rendered objects fit together (roles, probes
 * on the real health port, PVC, Secret, PDBs, Service and Ingress, grace period, GPU pool). The
 * probe paths themselves are requested from a running service by {@link ProbeEndpointsTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentManifestsTest {

  /** Rendered output of each kustomization directory. */
  private final Map<Path, List<HasMetadata>> builds = new LinkedHashMap<>();

  @BeforeAll
  void buildEveryKustomization() throws Exception {
    for (Path dir : Manifests.kustomizations()) {
      builds.put(dir, Manifests.parse(Manifests.kustomizeBuild(dir), "kustomize build " + dir));
    }
  }

  @Test
  void everyManifestFileParsesIntoTypedObjects() throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Manifests.ROOT)) {
      files =
          walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .filter(f -> !Manifests.isKustomization(f))
              .filter(f -> !Manifests.isKustomizeConfig(f))
              .toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(10);
    for (Path file : files) {
      assertThat(Manifests.parse(file)).as(file.toString()).isNotEmpty();
    }
  }

  @Test
  void unknownFieldsAndKindsAreRejected() {
    String typo =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n"
            + "spec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n"
            + "        - name: c\n          image: i\n          livenesProbe: {}\n";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Manifests.parse(typo, "typo"))
        .hasMessageContaining("livenesProbe");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Manifests.parse("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n", "pod"))
        .hasMessageContaining("unexpected kind");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Manifests.parse("apiVersion: v1\nkind: Service\nspec: {ports: 3}\n", "bad type"))
        .hasMessageContaining("bad type");
  }

  @Test
  void everyKustomizationBuilds() {
    assertThat(builds.keySet())
        .extracting(Path::toString)
        .contains(
            "deployment/base",
            "deployment/worker",
            "deployment/worker/autoscaling",
            "deployment/overlays/production",
            "deployment/overlays/gpu-pool",
            "deployment/overlays/s3");
    builds.forEach((dir, objects) -> assertThat(objects).as(dir.toString()).isNotEmpty());
  }

  @Test
  void apiAndWorkersHaveTheirRoles() {
    for (Path dir : deployable()) {
      List<Deployment> deployments = of(dir, Deployment.class);
      Deployment api = named(deployments, "taskmill-api");
      assertThat(env(container(api), "TASKMILL_ROLE")).as(dir + " api").contains("api");
      List<Deployment> workers =
          deployments.stream().filter(d -> d.getMetadata().getName().contains("worker")).toList();
      assertThat(workers).as(dir + " workers").isNotEmpty();
      for (Deployment worker : workers) {
        assertThat(env(container(worker), "TASKMILL_ROLE"))
            .as(dir + " " + worker.getMetadata().getName())
            .contains("worker");
      }
    }
  }

  @Test
  void probesUseTheHealthEndpointsOnTheHttpPort() {
    for (Path dir : deployable()) {
      ConfigMap config = named(of(dir, ConfigMap.class), "taskmill-config");
      int httpPort = Integer.parseInt(config.getData().get("QUARKUS_HTTP_PORT"));
      assertThat(config.getData()).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
      for (Deployment d : of(dir, Deployment.class)) {
        Container c = container(d);
        String where = dir + " " + d.getMetadata().getName();
        assertProbe(c, c.getLivenessProbe(), "/q/health/live", httpPort, where);
        assertProbe(c, c.getReadinessProbe(), "/q/health/ready", httpPort, where);
        assertProbe(c, c.getStartupProbe(), "/q/health/started", httpPort, where);
      }
    }
  }

  @Test
  void everyContainerHasRequestsAndLimits() {
    for (Path dir : deployable()) {
      for (Deployment d : of(dir, Deployment.class)) {
        var resources = container(d).getResources();
        String where = dir + " " + d.getMetadata().getName();
        assertThat(resources.getRequests()).as(where).containsKeys("cpu", "memory");
        assertThat(resources.getLimits()).as(where).containsKeys("cpu", "memory");
        for (String r : List.of("cpu", "memory")) {
          assertThat(
                  Quantity.getAmountInBytes(resources.getRequests().get(r))
                      .compareTo(Quantity.getAmountInBytes(resources.getLimits().get(r))))
              .as(where + " " + r + " request <= limit")
              .isLessThanOrEqualTo(0);
        }
      }
    }
  }

  @Test
  void terminationGraceCoversTheShutdownGrace() {
    for (Path dir : deployable()) {
      ConfigMap config = named(of(dir, ConfigMap.class), "taskmill-config");
      Duration grace = duration(config.getData().get("TASKMILL_SHUTDOWN_GRACE"));
      for (Deployment d : of(dir, Deployment.class)) {
        long seconds = d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertThat(seconds)
            .as(dir + " " + d.getMetadata().getName() + " terminationGracePeriodSeconds")
            .isGreaterThanOrEqualTo(grace.toSeconds() + 10)
            .isLessThanOrEqualTo(grace.toSeconds() + 60);
      }
    }
  }

  @Test
  void storageSecretsAndConfigAreWired() {
    for (Path dir : deployable()) {
      ConfigMap config = named(of(dir, ConfigMap.class), "taskmill-config");
      Secret secret = named(of(dir, Secret.class), "taskmill-secrets");
      assertThat(secret.getStringData())
          .containsKeys("QUARKUS_MONGODB_CONNECTION_STRING", "TASKMILL_BOOTSTRAP_ADMIN_KEY");
      assertThat(config.getData()).containsEntry("TASKMILL_EMBEDDED_MONGO_ENABLED", "false");
      boolean s3 = "s3".equals(config.getData().get("TASKMILL_STORE_TYPE"));
      if (!s3) {
        PersistentVolumeClaim pvc =
            named(of(dir, PersistentVolumeClaim.class), "taskmill-file-store");
        assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
      }
      String storeRoot = config.getData().get("TASKMILL_FILE_STORE_ROOT");
      String workDir = config.getData().get("TASKMILL_TASKS_WORK_DIR");
      for (Deployment d : of(dir, Deployment.class)) {
        String where = dir + " " + d.getMetadata().getName();
        var pod = d.getSpec().getTemplate().getSpec();
        Container c = container(d);
        assertThat(c.getEnvFrom())
            .extracting(EnvFromSource::getConfigMapRef)
            .filteredOn(r -> r != null)
            .extracting(r -> r.getName())
            .as(where)
            .containsExactly("taskmill-config");
        assertThat(c.getEnvFrom())
            .extracting(EnvFromSource::getSecretRef)
            .filteredOn(r -> r != null)
            .extracting(r -> r.getName())
            .as(where)
            .containsExactly("taskmill-secrets");
        String storeVolume = mountedAt(c, storeRoot).orElseThrow(() -> new AssertionError(where));
        Volume volume =
            pod.getVolumes().stream()
                .filter(v -> v.getName().equals(storeVolume))
                .findFirst()
                .orElseThrow();
        if (s3) {
          // Local scratch only (uploads in progress): the files themselves are in the bucket.
          assertThat(volume.getEmptyDir()).as(where).isNotNull();
        } else {
          assertThat(volume.getPersistentVolumeClaim().getClaimName())
              .as(where)
              .isEqualTo("taskmill-file-store");
        }
        assertThat(mountedAt(c, workDir)).as(where + " work dir").isPresent();
      }
    }
  }

  @Test
  void theS3OverlayNeedsNoSharedVolume() {
    Path dir = Path.of("deployment/overlays/s3");
    assertThat(of(dir, PersistentVolumeClaim.class)).isEmpty();
    for (Deployment d : of(dir, Deployment.class)) {
      assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
          .as(d.getMetadata().getName())
          .allSatisfy(v -> assertThat(v.getPersistentVolumeClaim()).isNull());
    }
    ConfigMap config = named(of(dir, ConfigMap.class), "taskmill-config");
    assertThat(config.getData())
        .containsEntry("TASKMILL_STORE_TYPE", "s3")
        .containsKeys("TASKMILL_STORE_S3_ENDPOINT", "TASKMILL_STORE_S3_BUCKET");
    Secret secret = named(of(dir, Secret.class), "taskmill-secrets");
    assertThat(secret.getStringData())
        .containsKeys("TASKMILL_STORE_S3_ACCESS_KEY", "TASKMILL_STORE_S3_SECRET_KEY");
    assertThat(config.getData()).doesNotContainKeys("TASKMILL_STORE_S3_SECRET_KEY");
  }

  @Test
  void serviceIngressAndDisruptionBudgetsSelectTheRightPods() {
    for (Path dir : deployable()) {
      List<Deployment> deployments = of(dir, Deployment.class);
      Service service = named(of(dir, Service.class), "taskmill-api");
      Deployment api = named(deployments, "taskmill-api");
      for (Deployment d : deployments) {
        boolean selected = matches(service.getSpec().getSelector(), podLabels(d));
        assertThat(selected)
            .as(dir + " Service selects " + d.getMetadata().getName())
            .isEqualTo(d == api);
      }
      ServicePort port = service.getSpec().getPorts().get(0);
      assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
      Ingress ingress = named(of(dir, Ingress.class), "taskmill");
      var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend();
      assertThat(backend.getService().getName()).isEqualTo("taskmill-api");
      assertThat(backend.getService().getPort().getName()).isEqualTo(port.getName());
      assertThat(ingress.getMetadata().getAnnotations())
          .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "10g")
          .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
          .containsEntry("nginx.ingress.kubernetes.io/proxy-request-buffering", "off")
          .containsKey("nginx.ingress.kubernetes.io/proxy-read-timeout");
      List<PodDisruptionBudget> budgets = of(dir, PodDisruptionBudget.class);
      for (Deployment d : deployments) {
        long covering =
            budgets.stream()
                .filter(b -> matches(b.getSpec().getSelector().getMatchLabels(), podLabels(d)))
                .count();
        assertThat(covering).as(dir + " PDBs for " + d.getMetadata().getName()).isEqualTo(1);
      }
      // Two Deployments never claim each other's pods.
      for (Deployment a : deployments) {
        for (Deployment b : deployments) {
          if (a != b) {
            assertThat(matches(a.getSpec().getSelector().getMatchLabels(), podLabels(b)))
                .as(
                    dir
                        + " "
                        + a.getMetadata().getName()
                        + " selects pods of "
                        + b.getMetadata().getName())
                .isFalse();
          }
        }
      }
    }
  }

  @Test
  void theGpuPoolRunsOnGpuNodesWithTheGpuCapability() {
    List<Deployment> deployments = of(Path.of("deployment/overlays/gpu-pool"), Deployment.class);
    Deployment gpu = named(deployments, "taskmill-worker-gpu");
    Deployment cpu = named(deployments, "taskmill-worker");
    var pod = gpu.getSpec().getTemplate().getSpec();
    Container c = container(gpu);
    assertThat(pod.getNodeSelector()).containsKey("nvidia.com/gpu.present");
    assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(env(c, "TASKMILL_CAPABILITIES")).contains("gpu");
    assertThat(podLabels(gpu)).containsEntry("taskmill.dev/capability-gpu", "true");
    assertThat(pod.getTolerations()).anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()));
    assertThat(env(container(cpu), "TASKMILL_CAPABILITIES")).isEmpty();
    assertThat(container(cpu).getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
    assertThat(gpu.getMetadata().getNamespace()).isEqualTo("taskmill");
  }

  @Test
  void eachPoolScalesOnItsOwnBacklogTheGpuPoolDownToZero() {
    Path dir = Path.of("deployment/overlays/gpu-pool");
    List<Deployment> deployments = of(dir, Deployment.class);
    List<ScaledObject> scalers = of(dir, ScaledObject.class);
    assertThat(scalers)
        .extracting(s -> s.getSpec().scaleTargetRef().name())
        .containsExactlyInAnyOrder("taskmill-worker", "taskmill-worker-gpu");
    for (ScaledObject scaler : scalers) {
      ScaledObject.Spec spec = scaler.getSpec();
      String where = dir + " ScaledObject " + scaler.getMetadata().getName();
      assertThat(spec.scaleTargetRef().kind()).as(where).isIn(null, "Deployment");
      Deployment target = named(deployments, spec.scaleTargetRef().name());
      assertThat(scaler.getMetadata().getNamespace())
          .as(where)
          .isEqualTo(target.getMetadata().getNamespace());
      assertThat(spec.triggers()).as(where).hasSize(1);
      ScaledObject.Trigger trigger = spec.triggers().get(0);
      assertThat(trigger.type()).as(where).isEqualTo("prometheus");
      assertThat(trigger.metadata().get("serverAddress")).as(where).startsWith("http");
      // It counts the tasks its pool can claim: those whose label set is what the pool offers.
      String offered = env(container(target), "TASKMILL_CAPABILITIES").orElse("");
      assertThat(ScalerQuery.selectors(trigger.metadata().get("query")))
          .as(where)
          .isNotEmpty()
          .allSatisfy(selector -> assertThat(selector.labels()).isEqualTo(offered));
      // One pod per worker slot: the threshold is the tasks one pod runs at once.
      assertThat(trigger.metadata().get("threshold"))
          .as(where)
          .isEqualTo(env(container(target), "TASKMILL_TASKS_CONCURRENCY").orElseThrow());
      assertThat(spec.cooldownPeriod()).as(where).isBetween(60, 3600);
      assertThat(spec.maxReplicaCount()).as(where).isGreaterThan(spec.minReplicaCount());
    }
    ScaledObject gpu =
        scalers.stream()
            .filter(s -> s.getSpec().scaleTargetRef().name().equals("taskmill-worker-gpu"))
            .findFirst()
            .orElseThrow();
    assertThat(gpu.getSpec().minReplicaCount()).isZero();
  }

  @Test
  void onlyTheGpuPoolOverlayNeedsKeda() {
    assertThat(of(Path.of("deployment/overlays/production"), ScaledObject.class)).isEmpty();
    assertThat(of(Path.of("deployment/overlays/s3"), ScaledObject.class)).isEmpty();
  }

  // --- helpers ---

  private List<Path> deployable() {
    List<Path> dirs = new ArrayList<>();
    builds.forEach(
        (dir, objects) -> {
          if (objects.stream().anyMatch(o -> o instanceof Service)) {
            dirs.add(dir);
          }
        });
    assertThat(dirs).hasSizeGreaterThanOrEqualTo(3);
    return dirs;
  }

  private <T extends HasMetadata> List<T> of(Path dir, Class<T> type) {
    return builds.get(dir).stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T extends HasMetadata> T named(List<T> objects, String name) {
    return objects.stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name));
  }

  private static Container container(Deployment d) {
    List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static Optional<String> env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst();
  }

  private static Optional<String> mountedAt(Container c, String path) {
    return c.getVolumeMounts().stream()
        .filter(m -> m.getMountPath().equals(path))
        .map(m -> m.getName())
        .findFirst();
  }

  private static Map<String, String> podLabels(Deployment d) {
    return d.getSpec().getTemplate().getMetadata().getLabels();
  }

  private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector != null
        && !selector.isEmpty()
        && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  private static void assertProbe(
      Container c, Probe probe, String path, int httpPort, String where) {
    assertThat(probe).as(where + " probe " + path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).as(where).isEqualTo(path);
    String portName = probe.getHttpGet().getPort().getStrVal();
    ContainerPort port =
        c.getPorts().stream()
            .filter(p -> p.getName().equals(portName))
            .findFirst()
            .orElseThrow(() -> new AssertionError(where + ": no container port " + portName));
    assertThat(port.getContainerPort()).as(where + " " + path + " port").isEqualTo(httpPort);
  }

  /** A Quarkus duration: {@code 30s}, {@code 2m}, or ISO-8601. */
  private static Duration duration(String text) {
    if (text.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(text));
    }
    if (text.matches("\\d+(ms|s|m|h|d)")) {
      return Duration.parse(
          text.endsWith("d") ? "P" + text.toUpperCase() : "PT" + text.toUpperCase());
    }
    return Duration.parse(text);
  }
}
