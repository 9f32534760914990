package dev.taskmill.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Wraps a command in the launcher (resource {@code launcher.py}): a Python child subreaper that
 * kills and reaps everything the command started once it ends. The source is handed to Python with
 * {@code -c}, never written to a file a module could change, and works the same from a jar, a
 * container image or a native executable (where the resource is registered in pom.xml).
 */
final class ProcessLauncher {

  static final String RESOURCE = "/dev/taskmill/process/launcher.py";

  private final Path python;
  private final String source;

  private ProcessLauncher(Path python, String source) {
    this.python = python;
    this.source = source;
  }

  /** The launcher run by {@code python} (a name on the service's PATH or a path), if found. */
  static Optional<ProcessLauncher> find(String python) {
    return Executables.resolve(python, Path.of(""))
        .map(ProcessLauncher::realInterpreter)
        .map(path -> new ProcessLauncher(path, source()));
  }

  /**
   * The interpreter itself, asked once: {@code python3} may be a wrapper script (pyenv's shims
   * start a shell and pyenv on every call), which would slow every module process down. Also checks
   * that it has ctypes, which the launcher needs.
   */
  private static Path realInterpreter(Path python) {
    try {
      Process probe =
          new ProcessBuilder(
                  python.toString(), "-I", "-S", "-c", "import ctypes, sys; print(sys.executable)")
              .redirectErrorStream(true)
              .start();
      probe.getOutputStream().close();
      String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (probe.waitFor() == 0) {
        Path real = Path.of(out.strip());
        if (real.isAbsolute() && Files.isExecutable(real)) {
          return real;
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static String source() {
    try (InputStream in = ProcessLauncher.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path python() {
    return python;
  }

  /** The command that runs {@code command} under the launcher, in {@code cgroup} when given. */
  List<String> wrap(List<String> command, Path cgroup) {
    List<String> wrapped = new ArrayList<>();
    // -I: no PYTHON* variables, no user site, no script folder on sys.path; -S: no site module.
    // The module's environment cannot change what the launcher imports.
    wrapped.add(python.toString());
    wrapped.add("-I");
    wrapped.add("-S");
    wrapped.add("-c");
    wrapped.add(source);
    if (cgroup != null) {
      wrapped.add("--cgroup");
      wrapped.add(cgroup.toString());
    }
    wrapped.add("--");
    wrapped.addAll(command);
    return wrapped;
  }

  /** Finds executables the way the JDK does for a command: on the service's own PATH. */
  static final class Executables {
    private Executables() {}

    /** {@code name} found on PATH, or as a path (a relative one from {@code cwd}). */
    static Optional<Path> resolve(String name, Path cwd) {
      if (name.contains("/")) {
        Path path = cwd.toAbsolutePath().resolve(name);
        return runnable(path) ? Optional.of(path) : Optional.empty();
      }
      String searchPath = System.getenv("PATH");
      if (searchPath == null) {
        return Optional.empty();
      }
      for (String dir : searchPath.split(":")) {
        if (!dir.isEmpty()) {
          Path candidate = Path.of(dir, name);
          if (runnable(candidate)) {
            return Optional.of(candidate);
          }
        }
      }
      return Optional.empty();
    }

    private static boolean runnable(Path path) {
      return Files.isRegularFile(path) && Files.isExecutable(path);
    }
  }
}
