package dev.taskmill.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every probe path in deployment/ answers UP on the real service (no made-up endpoints). */
@QuarkusTest
class ProbeEndpointsTest {

  @Test
  void everyProbePathIsAHealthEndpointThatAnswersUp() {
    Set<String> paths = new TreeSet<>();
    for (Path file :
        new Path[] {
          Path.of("deployment/base/api-deployment.yaml"),
          Path.of("deployment/worker/worker-deployment.yaml")
        }) {
      for (var object : Manifests.parse(file)) {
        Deployment d = (Deployment) object;
        d.getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .forEach(
                c ->
                    Stream.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())
                        .filter(Objects::nonNull)
                        .map(Probe::getHttpGet)
                        .forEach(get -> paths.add(get.getPath())));
      }
    }
    assertThat(paths).containsExactly("/q/health/live", "/q/health/ready", "/q/health/started");
    for (String path : paths) {
      given().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }
  }
}
