package dev.taskmill.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A cgroup v2 per process, made below the service's own cgroup where the host lets the service
 * write there (a cgroup v2 mount, pure or the {@code unified} one of a hybrid host; usually not in
 * a Kubernetes pod, where {@code /sys/fs/cgroup} is read-only). Every process the command starts
 * stays in the group whatever it does (setsid, double fork, killing the launcher), so killing the
 * group kills them all. Where the host also delegates the memory controller, a process's memory
 * limit is the group's {@code memory.max}: the kernel then stops the whole group when it goes over,
 * and {@code memory.events} says so. Elsewhere {@link MemoryWatch} enforces the limit.
 */
final class ProcessCgroups {

  private static final Logger LOG = Logger.getLogger(ProcessCgroups.class);

  private static final long EMPTY_WAIT_MILLIS = 5_000;

  private final Path parent;
  private final boolean memory;

  private ProcessCgroups(Path parent) {
    this.parent = parent;
    this.memory = enableMemory(parent);
  }

  /** The service's own cgroup v2 folder, if it can make groups in it. */
  static Optional<ProcessCgroups> detect() {
    Path self = Path.of("/proc/self/cgroup");
    if (!Files.isReadable(self)) {
      return Optional.empty();
    }
    try {
      String relative = null;
      for (String line : Files.readAllLines(self, StandardCharsets.UTF_8)) {
        if (line.startsWith("0::")) {
          relative = line.substring(3);
        }
      }
      if (relative == null) {
        return Optional.empty();
      }
      for (String mount : List.of("/sys/fs/cgroup/unified", "/sys/fs/cgroup")) {
        Path dir = Path.of(mount + relative);
        // cgroup.controllers exists only in cgroup v2 folders.
        if (Files.isRegularFile(dir.resolve("cgroup.controllers"))) {
          Path probe = dir.resolve("taskmill-probe-" + ProcessHandle.current().pid());
          try {
            Files.createDirectory(probe);
            Files.delete(probe);
            return Optional.of(new ProcessCgroups(dir));
          } catch (IOException e) {
            LOG.debugf("cgroup v2 folder %s is not writable: %s", dir, e);
          }
        }
      }
    } catch (IOException e) {
      LOG.debugf("no cgroup v2: %s", e);
    }
    return Optional.empty();
  }

  Path parent() {
    return parent;
  }

  /** Whether the groups made here get the memory controller (and so can hold a memory limit). */
  boolean limitsMemory() {
    return memory;
  }

  /**
   * Turns the memory controller on for the groups below {@code parent} when the host offers it
   * there. The kernel refuses when {@code parent} holds processes itself and is not the root group
   * (the "no internal processes" rule): then the limit is watched from here instead.
   */
  private static boolean enableMemory(Path parent) {
    try {
      if (!words(parent.resolve("cgroup.controllers")).contains("memory")) {
        return false;
      }
      Path subtree = parent.resolve("cgroup.subtree_control");
      if (!words(subtree).contains("memory")) {
        Files.writeString(subtree, "+memory");
      }
      return words(subtree).contains("memory");
    } catch (IOException | RuntimeException e) {
      LOG.debugf("no memory controller for the groups below %s: %s", parent, e);
      return false;
    }
  }

  private static List<String> words(Path file) throws IOException {
    return List.of(Files.readString(file).strip().split("\\s+"));
  }

  /**
   * Sets the memory limit of {@code group}: over it, the kernel kills every process in the group
   * (not only the biggest one, which would leave a module half alive). No swap: a process that is
   * over its limit must stop, not slow the host down. Returns whether the limit is in place.
   */
  boolean limitMemory(Path group, long bytes) {
    if (!memory) {
      return false;
    }
    try {
      Files.writeString(group.resolve("memory.max"), Long.toString(bytes));
      writeIfThere(group.resolve("memory.swap.max"), "0");
      writeIfThere(group.resolve("memory.oom.group"), "1");
      return true;
    } catch (IOException e) {
      LOG.warnf("cannot limit the memory of the cgroup %s: %s", group, e);
      return false;
    }
  }

  private static void writeIfThere(Path file, String value) throws IOException {
    if (Files.exists(file)) {
      Files.writeString(file, value);
    }
  }

  /** Whether the kernel killed a process of {@code group} for going over its memory limit. */
  boolean oomKilled(Path group) {
    try {
      for (String line : Files.readAllLines(group.resolve("memory.events"))) {
        if (line.startsWith("oom_kill ") && !line.endsWith(" 0")) {
          return true;
        }
      }
    } catch (IOException | RuntimeException e) {
      // No memory controller in this group.
    }
    return false;
  }

  /** The most memory {@code group} used ({@code memory.peak}, kernel 5.19+), or 0 when unknown. */
  long peakBytes(Path group) {
    try {
      return Long.parseLong(Files.readString(group.resolve("memory.peak")).strip());
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** A new, empty group for one process, or empty when it cannot be made (the other means stay). */
  Optional<Path> create(String mark) {
    Path group = parent.resolve("taskmill-" + mark);
    try {
      Files.createDirectory(group);
      return Optional.of(group);
    } catch (IOException e) {
      LOG.warnf("cannot make the cgroup %s: %s", group, e);
      return Optional.empty();
    }
  }

  /** Kills every process in {@code group}, waits (bounded) until it is empty, and removes it. */
  void killAndRemove(Path group) {
    try {
      Path kill = group.resolve("cgroup.kill");
      for (long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EMPTY_WAIT_MILLIS);
          populated(group) && System.nanoTime() < deadline; ) {
        if (Files.exists(kill)) {
          Files.writeString(kill, "1");
        } else {
          // Kernels before 5.14: kill them one by one (a new one may appear, hence the loop).
          for (String pid : Files.readAllLines(group.resolve("cgroup.procs"))) {
            ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
        Thread.sleep(5);
      }
      if (populated(group)) {
        LOG.warnf("cgroup %s still has processes; it is left in place", group);
      } else {
        Files.delete(group);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warnf("cannot empty the cgroup %s: %s", group, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean populated(Path group) throws IOException {
    for (String line : Files.readAllLines(group.resolve("cgroup.events"))) {
      if (line.startsWith("populated ")) {
        return !line.endsWith(" 0");
      }
    }
    return false;
  }
}
