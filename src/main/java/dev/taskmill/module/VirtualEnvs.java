package dev.taskmill.module;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.store.Folders;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The modules' virtual environments, in a cache folder outside the source tree. Each is keyed by
 * module name, module checksum, the checksum of the SDK's module runtime ({@link SdkRuntime}) and
 * interpreter, so unchanged modules reuse theirs across restarts and fresh clones; a marker file
 * says the environment is complete.
 */
@ApplicationScoped
public class VirtualEnvs {

  private static final String READY = ".taskmill-ready";
  private static final Pattern ENV_FOLDER = Pattern.compile(".+-[0-9a-f]{16}");

  private final TaskmillConfig config;
  private final SetupCommands commands;
  private final PythonRuntime python;
  private final SdkRuntime runtime;

  VirtualEnvs(
      TaskmillConfig config, SetupCommands commands, PythonRuntime python, SdkRuntime runtime) {
    this.config = config;
    this.commands = commands;
    this.python = python;
    this.runtime = runtime;
  }

  Path root() {
    return Path.of(config.modules().venvDir()).toAbsolutePath().normalize();
  }

  /**
   * The key of a module's environment; changes when the module, the SDK's module runtime or Python
   * changes, or when a reinstall gives the module a new {@code salt} (null: none, the key modules
   * had before). The SDK's client and command do not count: no module environment has them.
   */
  public String envKey(String moduleChecksum, String salt) {
    return key(moduleChecksum, runtime.checksum(), python.resolve().executable(), salt);
  }

  static String key(String moduleChecksum, String runtimeChecksum, Path interpreter, String salt) {
    var digest = ModuleFolder.sha256();
    String material = moduleChecksum + "|" + runtimeChecksum + "|" + interpreter;
    if (salt != null) {
      material += "|" + salt;
    }
    digest.update(material.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }

  /** Forgets the runtime's checksum so the next {@link #envKey} reads its folder again. */
  public void refresh() {
    runtime.refresh();
  }

  /** Where the environment of {@code name} with {@code envKey} lives. */
  public Path path(String name, String envKey) {
    return root().resolve(name + "-" + envKey);
  }

  /**
   * Takes the lock of one environment, across processes: several instances (or test runs) sharing
   * the cache folder never build the same environment at once. The second one waits, then finds it
   * ready. Close the returned lock to release it.
   */
  public EnvLock lock(String name, String envKey) throws SetupFailure {
    return lockFile(root().resolve(".locks").resolve(name + "-" + envKey + ".lock"));
  }

  static EnvLock lockFile(Path file) throws SetupFailure {
    try {
      return lock(file, true).orElseThrow();
    } catch (IOException e) {
      throw new SetupFailure("cannot lock " + file + ": " + e.getMessage());
    }
  }

  /** The lock, or empty when someone holds it (this process included) or it cannot be taken. */
  static Optional<EnvLock> tryLockFile(Path file) {
    try {
      return lock(file, false);
    } catch (IOException | OverlappingFileLockException e) {
      return Optional.empty();
    }
  }

  private static Optional<EnvLock> lock(Path file, boolean wait) throws IOException {
    Files.createDirectories(file.getParent());
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = wait ? channel.lock() : channel.tryLock();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      return Optional.empty();
    }
    return Optional.of(
        () -> {
          try {
            lock.release();
            channel.close();
          } catch (IOException e) {
            // closing the channel releases the lock in any case
          }
        });
  }

  /** A held lock; closing releases it. */
  public interface EnvLock extends AutoCloseable {
    @Override
    void close();
  }

  /** Whether that environment was completed. */
  public boolean isReady(String name, String envKey) {
    return Files.isRegularFile(path(name, envKey).resolve(READY));
  }

  /**
   * Creates the environment and installs the SDK's module runtime into it, unless it exists
   * complete already.
   *
   * @return the environment folder
   */
  public Path create(String name, String envKey, StringBuilder log) throws SetupFailure {
    Path venv = path(name, envKey);
    if (Files.isRegularFile(venv.resolve(READY))) {
      log.append("reusing the virtual environment ").append(venv).append('\n');
      markUsed(venv);
      return venv;
    }
    PythonRuntime.Resolved interpreter = python.resolve();
    if (!interpreter.found()) {
      throw new SetupFailure(interpreter.problem());
    }
    Folders.deleteTree(venv);
    Path wheel = runtime.wheel(root(), log);
    commands.run(
        List.of(interpreter.executable().toString(), "-m", "venv", venv.toString()),
        root(),
        "creating the virtual environment failed",
        log);
    commands.run(
        pip(venv, "install", wheel.toString()),
        root(),
        "installing the taskmill module runtime failed",
        log);
    return venv;
  }

  /** Installs the module's requirements with pip; no-op when there are none. */
  public void installRequirements(Path venv, List<String> requirements, StringBuilder log)
      throws SetupFailure {
    if (requirements.isEmpty()) {
      log.append("no requirements to install\n");
      return;
    }
    List<String> command = pip(venv, "install");
    command.addAll(requirements);
    commands.run(command, root(), "pip could not install the requirements " + requirements, log);
  }

  /** Marks the environment complete, so a restart reuses it. */
  public void markReady(Path venv) {
    try {
      Files.writeString(venv.resolve(READY), "ready\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records that a task or a setup is about to use {@code venv}, so the cache sweep keeps it. */
  public void markUsed(Path venv) {
    try {
      Files.setLastModifiedTime(venv.resolve(READY), FileTime.from(Instant.now()));
    } catch (IOException e) {
      // a missing marker shows up when the task starts; the sweep then goes by the folder's time
    }
  }

  /**
   * Deletes the cached environments that are not in {@code keep} (folder names {@code
   * <module>-<key>}) and were last used before {@code cutoff}. An environment being built (its lock
   * is held, by this or another process) is left alone.
   *
   * @return the names of the deleted folders
   */
  public List<String> sweep(Set<String> keep, Instant cutoff) {
    return sweep(root(), keep, cutoff);
  }

  static List<String> sweep(Path root, Set<String> keep, Instant cutoff) {
    List<String> deleted = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return deleted;
    }
    List<Path> candidates;
    try (Stream<Path> children = Files.list(root)) {
      candidates =
          children
              .filter(dir -> ENV_FOLDER.matcher(dir.getFileName().toString()).matches())
              .filter(Files::isDirectory)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path dir : candidates) {
      String name = dir.getFileName().toString();
      if (keep.contains(name) || !lastUsed(dir).isBefore(cutoff)) {
        continue;
      }
      Optional<EnvLock> lock = tryLockFile(root.resolve(".locks").resolve(name + ".lock"));
      if (lock.isEmpty()) {
        continue;
      }
      try (EnvLock held = lock.get()) {
        Folders.deleteTree(dir);
        deleted.add(name);
      }
    }
    return deleted;
  }

  private static Instant lastUsed(Path dir) {
    try {
      Path marker = dir.resolve(READY);
      Path source = Files.isRegularFile(marker) ? marker : dir;
      return Files.getLastModifiedTime(source).toInstant();
    } catch (IOException e) {
      return Instant.MAX;
    }
  }

  private List<String> pip(Path venv, String... args) {
    List<String> command = new ArrayList<>();
    command.add(venv.resolve("bin/python").toString());
    command.add("-m");
    command.add("pip");
    command.addAll(List.of(args));
    command.add("--disable-pip-version-check");
    command.add("--no-input");
    command.add("--progress-bar");
    command.add("off");
    return command;
  }
}
