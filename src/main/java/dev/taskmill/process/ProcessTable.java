package dev.taskmill.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resident memory of process trees, read from {@code /proc}: the resident pages of {@code
 * /proc/<pid>/statm} (the VmRSS of {@code status}, which costs the kernel far more to write),
 * summed over a process and its descendants. The tree is walked down from its root through {@code
 * /proc/<pid>/task/<tid>/children}, a few small reads for a module's handful of processes; where
 * the kernel has no such file, one scan of every process's parent instead (measured here: ~10 ms
 * for 120 processes on a loaded box, too much to repeat five times a second for every running
 * module).
 */
final class ProcessTable {

  private static final Path PROC = Path.of("/proc");

  private static final boolean CHILDREN_FILES =
      Files.isReadable(PROC.resolve("1").resolve("task").resolve("1").resolve("children"));

  /** Bytes per page, from the kernel's own account of this process (4 KiB on most hosts). */
  private static final long PAGE_BYTES = pageBytes();

  private ProcessTable() {}

  private static long pageBytes() {
    try {
      for (String line : Files.readAllLines(PROC.resolve("self/smaps"))) {
        if (line.startsWith("KernelPageSize:")) {
          // "KernelPageSize:        4 kB"
          String value = line.substring(15).strip();
          return Long.parseLong(value.substring(0, value.indexOf(' '))) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // No smaps: the common size.
    }
    return 4096;
  }

  /** Whether this host has a {@code /proc} to read (Linux). */
  static boolean available() {
    return Files.isDirectory(PROC.resolve("self"));
  }

  /**
   * Resident bytes of {@code root} and every process below it; without {@code root}'s own when
   * {@code withRoot} is false (the launcher, which is the service's, not the module's). 0 for a
   * process that is gone.
   */
  static long treeRss(long root, boolean withRoot) {
    if (!available()) {
      return 0;
    }
    Map<Long, List<Long>> parents = CHILDREN_FILES ? null : parents();
    long total = withRoot ? rss(root) : 0;
    Deque<Long> todo = new ArrayDeque<>(children(root, parents));
    while (!todo.isEmpty()) {
      long pid = todo.pop();
      total += rss(pid);
      todo.addAll(children(pid, parents));
    }
    return total;
  }

  /**
   * The processes below {@code root} (not {@code root} itself), walked down through the children
   * files; where the kernel has none, what {@link ProcessHandle#descendants} finds.
   */
  static List<ProcessHandle> descendants(long root) {
    if (!CHILDREN_FILES || !available()) {
      return ProcessHandle.of(root).stream().flatMap(ProcessHandle::descendants).toList();
    }
    List<ProcessHandle> below = new ArrayList<>();
    Deque<Long> todo = new ArrayDeque<>(children(root, null));
    while (!todo.isEmpty()) {
      long pid = todo.pop();
      ProcessHandle.of(pid).ifPresent(below::add); // gone meanwhile: nothing to keep or kill
      todo.addAll(children(pid, null));
    }
    return below;
  }

  private static List<Long> children(long pid, Map<Long, List<Long>> scanned) {
    if (scanned != null) {
      return scanned.getOrDefault(pid, List.of());
    }
    List<Long> children = new ArrayList<>();
    // Each thread has its own list: a child started from another thread is listed there.
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(pid + "/task"))) {
      for (Path task : tasks) {
        for (String child : Files.readString(task.resolve("children")).split(" ")) {
          if (!child.isBlank()) {
            children.add(Long.parseLong(child.strip()));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Ended while being read: it has no children any more either.
    }
    return children;
  }

  private static long rss(long pid) {
    try {
      // "size resident shared text lib data dt", in pages.
      String[] fields = Files.readString(PROC.resolve(pid + "/statm")).split(" ");
      return Long.parseLong(fields[1]) * PAGE_BYTES;
    } catch (IOException | RuntimeException e) {
      return 0; // gone, or not ours to read
    }
  }

  /** Every process's children, from one scan of every process's parent. */
  private static Map<Long, List<Long>> parents() {
    Map<Long, List<Long>> children = new HashMap<>();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(PROC)) {
      for (Path dir : all) {
        String name = dir.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        try {
          for (String line : Files.readAllLines(dir.resolve("status"))) {
            if (line.startsWith("PPid:")) {
              long parent = Long.parseLong(line.substring(5).strip());
              children.computeIfAbsent(parent, p -> new ArrayList<>()).add(Long.parseLong(name));
              break;
            }
          }
        } catch (IOException | RuntimeException e) {
          // ended while being read
        }
      }
    } catch (IOException e) {
      // Unreadable /proc: every tree reads as its root alone.
    }
    return children;
  }
}
