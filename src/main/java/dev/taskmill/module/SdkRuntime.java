package dev.taskmill.module;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.store.Folders;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The module runtime of the Python SDK: the {@code taskmill-runtime} distribution in the {@value
 * #FOLDER} folder of {@code taskmill.modules.sdk-dir}, the only part of the SDK that module
 * environments install. Its checksum keys those environments; the rest of the SDK folder (the REST
 * client, the {@code taskmill} command, tests, docs) is for people and rebuilds no environment.
 */
@ApplicationScoped
public class SdkRuntime {

  /** Where the runtime lives below the SDK folder. */
  static final String FOLDER = "runtime";

  private final TaskmillConfig config;
  private final PythonRuntime python;
  private final SetupCommands commands;
  private volatile String checksum;

  SdkRuntime(TaskmillConfig config, PythonRuntime python, SetupCommands commands) {
    this.config = config;
    this.python = python;
    this.commands = commands;
  }

  /** The runtime's folder in the SDK folder {@code sdkDir}. */
  static Path folder(Path sdkDir) {
    return sdkDir.resolve(FOLDER);
  }

  /** The checksum of the runtime in the SDK folder {@code sdkDir}: what keys the environments. */
  static String checksum(Path sdkDir) {
    return ModuleFolder.checksum(folder(sdkDir));
  }

  private Path sdkDir() {
    return Path.of(config.modules().sdkDir()).toAbsolutePath().normalize();
  }

  Path folder() {
    return folder(sdkDir());
  }

  /** The runtime's checksum, read once until {@link #refresh}. */
  String checksum() {
    String known = checksum;
    if (known == null) {
      known = checksum(sdkDir());
      checksum = known;
    }
    return known;
  }

  /** Forgets the checksum so the next {@link #checksum()} reads the runtime's folder again. */
  void refresh() {
    checksum = null;
  }

  /**
   * The runtime's wheel, built once per checksum into {@code cache}/.sdk from a copy of its folder
   * (building in place would leave build/ and egg-info in the source tree).
   */
  synchronized Path wheel(Path cache, StringBuilder log) throws SetupFailure {
    String current = checksum(sdkDir());
    checksum = current;
    Path out = cache.resolve(".sdk").resolve(current.substring(0, 16));
    Optional<Path> existing = findWheel(out);
    if (existing.isPresent()) {
      return existing.get();
    }
    try (VirtualEnvs.EnvLock lock =
        VirtualEnvs.lockFile(cache.resolve(".locks").resolve("sdk.lock"))) {
      existing = findWheel(out);
      if (existing.isPresent()) {
        return existing.get();
      }
      return build(cache, out, log);
    }
  }

  private Path build(Path cache, Path out, StringBuilder log) throws SetupFailure {
    Path copy;
    try {
      Files.createDirectories(out);
      copy = Files.createTempDirectory(cache.resolve(".sdk"), "src-");
      copyTree(folder(), copy);
    } catch (IOException e) {
      throw new SetupFailure(
          "cannot copy the taskmill module runtime from " + folder() + ": " + e.getMessage());
    }
    try {
      commands.run(
          List.of(
              python.resolve().executable().toString(),
              "-m",
              "pip",
              "wheel",
              "--no-deps",
              "--no-build-isolation",
              "--disable-pip-version-check",
              "--no-input",
              "--progress-bar",
              "off",
              "-w",
              out.toString(),
              copy.toString()),
          cache,
          "building the taskmill module runtime wheel failed",
          log);
    } finally {
      Folders.deleteTree(copy);
    }
    return findWheel(out)
        .orElseThrow(() -> new SetupFailure("building the module runtime left no wheel in " + out));
  }

  private static Optional<Path> findWheel(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".whl")).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path relative = from.relativize(source);
        String first = relative.getNameCount() > 0 ? relative.getName(0).toString() : "";
        if (first.equals("build") || first.endsWith(".egg-info")) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
