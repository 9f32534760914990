package dev.taskmill.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reads Kubernetes YAML into fabric8's typed model, refusing anything the model does not know: an
 * unknown kind, a misspelt field (fabric8 would keep it in {@code additionalProperties}, which
 * {@link #unknownFields} finds), a wrong value type.
 */
final class Manifests {

  static final Path ROOT = Path.of("deployment");

  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "v1/Namespace", Namespace.class,
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
          "v1/Service", Service.class,
          "apps/v1/Deployment", Deployment.class,
          "networking.k8s.io/v1/Ingress", Ingress.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "keda.sh/v1alpha1/ScaledObject", ScaledObject.class);

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

  private Manifests() {}

  /** The documents of a YAML text, each as a typed object. */
  static List<HasMetadata> parse(String yaml, String source) {
    List<HasMetadata> objects = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
      for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
        if (node == null || node.isNull() || node.isEmpty()) {
          continue;
        }
        String key = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
          throw new AssertionError(source + ": unexpected kind " + key);
        }
        HasMetadata object = YAML.treeToValue(node, type);
        List<String> unknown = unknownFields(object);
        if (!unknown.isEmpty()) {
          throw new AssertionError(
              source + ": fields the " + key + " model does not know: " + unknown);
        }
        objects.add(object);
      }
    } catch (IOException e) {
      throw new AssertionError(source + ": not valid YAML/model: " + e.getMessage(), e);
    }
    return objects;
  }

  static List<HasMetadata> parse(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a YAML file is a kustomization (not a manifest). */
  static boolean isKustomization(Path file) {
    return file.getFileName().toString().startsWith("kustomization.");
  }

  /**
   * Whether a YAML file configures kustomize's transformers (in a {@code kustomizeconfig/} folder,
   * kustomize's convention) rather than being a manifest.
   */
  static boolean isKustomizeConfig(Path file) {
    return file.getParent() != null
        && file.getParent().getFileName().toString().equals("kustomizeconfig");
  }

  /** Every kustomization directory under deployment/. */
  static List<Path> kustomizations() throws IOException {
    try (var files = Files.walk(ROOT)) {
      return files.filter(Manifests::isKustomization).map(Path::getParent).sorted().toList();
    }
  }

  /** Runs {@code scripts/kustomize.sh build <dir>} (kustomize built from the Go module proxy). */
  static String kustomizeBuild(Path dir) throws IOException, InterruptedException {
    Path out = Files.createTempFile("kustomize-", ".yaml");
    Path err = Files.createTempFile("kustomize-", ".err");
    try {
      Process process =
          new ProcessBuilder("scripts/kustomize.sh", "build", dir.toString())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("kustomize build " + dir + " did not finish in 10 min");
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "kustomize build " + dir + " failed: " + Files.readString(err, StandardCharsets.UTF_8));
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Paths of every value fabric8 kept as an unknown field, anywhere in the object. */
  static List<String> unknownFields(Object object) {
    List<String> found = new ArrayList<>();
    walk(object, "", found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    return found;
  }

  private static void walk(Object value, String where, List<String> found, Set<Object> seen) {
    if (value == null || !seen.add(value)) {
      return;
    }
    if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        walk(item, where + "[" + i++ + "]", found, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, where + "." + k, found, seen));
      return;
    }
    if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method method : value.getClass().getMethods()) {
      if (method.getParameterCount() != 0
          || Modifier.isStatic(method.getModifiers())
          || !method.getName().startsWith("get")
          || method.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child;
      try {
        child = method.invoke(value);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      if (method.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> found.add(where + "." + k));
        }
        continue;
      }
      String name = method.getName().substring(3);
      walk(
          child,
          where + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1),
          found,
          seen);
    }
  }

  /** A YAML document as a tree (for kustomization files, which have no fabric8 model). */
  static ObjectNode tree(Path file) throws IOException {
    return (ObjectNode) YAML.readTree(file.toFile());
  }
}
