package dev.taskmill.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An {@code api} instance gets no workload: no dispatcher thread claims tasks, and the registry
 * reports it with no slots. (Worker and all-in-one instances are every other test's setup.)
 */
@QuarkusTest
@TestProfile(ApiRoleWorkloadTest.ApiRole.class)
class ApiRoleWorkloadTest {

  public static class ApiRole implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("taskmill.role", "api");
    }
  }

  @Inject Workload workload;
  @Inject InstanceRegistry registry;
  @Inject InstanceIdentity identity;

  @Test
  void anApiInstanceRunsNoTasksAndOffersNoSlots() {
    assertThat(workload.capacity()).isZero();
    assertThat(Thread.getAllStackTraces().keySet())
        .as("threads of this instance")
        .noneMatch(t -> t.getName().equals("task-dispatcher"));
    InstanceRegistry.Entry self = registry.list().get(0);
    assertThat(self.id()).isEqualTo(identity.id());
    assertThat(self.role()).isEqualTo("api");
    assertThat(self.capacity()).isZero();
    assertThat(self.freeSlots()).isZero();
  }
}
