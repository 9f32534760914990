package dev.taskmill.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskmill.config.TaskmillConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What an interrupted upload left in the store's tmp/ goes while the service runs (the periodic
 * sweep, every second in tests), not at the next start; a file still being written stays.
 */
@QuarkusTest
class TemporaryFilesSweepTest {

  @Inject TaskmillConfig config;

  @Test
  void aStaleTemporaryFileIsSweptWithoutARestart() throws Exception {
    Path tmp = Files.createDirectories(Path.of(config.fileStore().root()).resolve("tmp"));
    Path stale = Files.writeString(tmp.resolve("upload-interrupted.part"), "half an upload");
    Files.setLastModifiedTime(
        stale, FileTime.from(Instant.now().minus(LocalFileStore.TMP_IDLE).minusSeconds(60)));
    Path fresh = Files.writeString(tmp.resolve("upload-in-progress.part"), "being written");
    try {
      await("the stale file swept").atMost(Duration.ofMinutes(1)).until(() -> !Files.exists(stale));
      assertThat(fresh).as("a file written to just now is a write in progress").exists();
    } finally {
      Files.deleteIfExists(stale);
      Files.deleteIfExists(fresh);
    }
  }
}
