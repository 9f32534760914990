package dev.taskmill.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache sweep deletes only environments that no module uses, that nobody ran in since the
 * cutoff, and that nobody is building; everything else in the cache folder stays.
 */
class VirtualEnvsSweepTest {

  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final Instant CUTOFF = NOW.minus(Duration.ofDays(7));

  @Test
  void deletesOnlyUnusedUnlockedEnvironmentsOlderThanTheCutoff(@TempDir Path root)
      throws Exception {
    Path stale = env(root, "echo-0123456789abcdef", NOW.minus(Duration.ofDays(30)), true);
    Path current = env(root, "echo-1111111111111111", NOW.minus(Duration.ofDays(30)), true);
    Path recent = env(root, "echo-2222222222222222", NOW.minus(Duration.ofDays(1)), true);
    Path brokenOld = env(root, "bad-3333333333333333", NOW.minus(Duration.ofDays(9)), false);
    Path building = env(root, "slow-4444444444444444", NOW.minus(Duration.ofDays(9)), false);
    Path notAnEnv = env(root, "notes", NOW.minus(Duration.ofDays(90)), false);

    java.util.List<String> deleted;
    try (VirtualEnvs.EnvLock lock =
        VirtualEnvs.lockFile(root.resolve(".locks").resolve("slow-4444444444444444.lock"))) {
      deleted = VirtualEnvs.sweep(root, Set.of("echo-1111111111111111"), CUTOFF);
    }

    assertThat(deleted).containsExactly("bad-3333333333333333", "echo-0123456789abcdef");
    assertThat(stale).doesNotExist();
    assertThat(brokenOld).as("a half-built environment nobody builds any more").doesNotExist();
    assertThat(current).as("some module's current environment").exists();
    assertThat(recent).as("used within the retention").exists();
    assertThat(building).as("its lock is held").exists();
    assertThat(notAnEnv).as("not named like an environment").exists();
    assertThat(root.resolve(".locks")).exists();
  }

  @Test
  void aTaskRunMarksTheEnvironmentUsed(@TempDir Path root) throws Exception {
    Path env = env(root, "echo-5555555555555555", NOW.minus(Duration.ofDays(30)), true);
    VirtualEnvs venvs = new VirtualEnvs(null, null, null, null);
    venvs.markUsed(env);

    assertThat(VirtualEnvs.sweep(root, Set.of(), Instant.now().minus(Duration.ofDays(7))))
        .isEmpty();
    assertThat(env).exists();
  }

  @Test
  void aMissingCacheFolderIsNothingToSweep(@TempDir Path root) {
    assertThat(VirtualEnvs.sweep(root.resolve("absent"), Set.of(), CUTOFF)).isEmpty();
  }

  private static Path env(Path root, String name, Instant lastUsed, boolean ready)
      throws Exception {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.createDirectories(dir.resolve("bin"));
    Files.writeString(dir.resolve("bin/python"), "#!/bin/sh\n");
    if (ready) {
      Path marker = Files.writeString(dir.resolve(".taskmill-ready"), "ready\n");
      Files.setLastModifiedTime(marker, FileTime.from(lastUsed));
    }
    Files.setLastModifiedTime(dir, FileTime.from(lastUsed));
    return dir;
  }
}
