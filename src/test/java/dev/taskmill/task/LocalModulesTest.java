package dev.taskmill.task;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.textItem;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.taskmill.data.DataRepository;
import dev.taskmill.module.LocalModules;
import dev.taskmill.module.Module;
import dev.taskmill.module.ModuleRepository;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An instance claims no task of an AVAILABLE module whose environment it lacks (an old worker in a
 * rolling update, or one that has not set the module up yet): the task stays queued for an instance
 * that has it, instead of failing here, and runs once the environment is there.
 */
@QuarkusTest
class LocalModulesTest {

  @Inject DataRepository data;
  @Inject LocalModules localModules;
  @Inject ModuleRepository modules;
  @Inject TaskRepository tasks;

  @Test
  void aTaskWaitsQueuedWhileItsModulesEnvironmentIsMissingHere() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    String realKey = modules.find("tm-echo").orElseThrow().envKey;
    // The record now names an environment this instance does not have (as after a new version
    // was set up by another worker).
    Module.mongoCollection()
        .updateOne(Filters.eq("_id", "tm-echo"), Updates.set("envKey", "0000000000000000"));
    try {
      localModules.refresh();
      assertThat(localModules.availableButNotReadyHere()).contains("tm-echo");

      String id =
          TasksApi.create(
                  Map.of("module", "tm-echo", "inputs", Map.of("text", textItem(data, "later"))))
              .getString("id");
      assertThat(TasksApi.task(id).getString("status")).isEqualTo("QUEUED");
      // A claim as the dispatcher makes it leaves the task alone (and so does the dispatcher's
      // own loop: had it taken the task, it would not be QUEUED).
      assertThat(
              tasks.claimNext(
                  "test-claimer",
                  java.time.Duration.ofMinutes(1),
                  java.util.List.of(),
                  localModules.availableButNotReadyHere()))
          .isEmpty();
      assertThat(TasksApi.task(id).getString("status")).isEqualTo("QUEUED");

      Module.mongoCollection()
          .updateOne(Filters.eq("_id", "tm-echo"), Updates.set("envKey", realKey));
      localModules.refresh();
      assertThat(localModules.availableButNotReadyHere()).doesNotContain("tm-echo");
      assertThat(await(id, "SUCCEEDED").getList("attempts")).hasSize(1);
    } finally {
      Module.mongoCollection()
          .updateOne(Filters.eq("_id", "tm-echo"), Updates.set("envKey", realKey));
      localModules.refresh();
    }
  }
}
