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
 * One reading of {@code /proc}: every process's parent and resident memory (VmRSS of {@code
 * /proc/<pid>/status}, in kB whatever the page size). One reading serves every tree asked about, so
 * watching many processes costs one scan, not one per process.
 */
final class ProcessTable {

  private static final Path PROC = Path.of("/proc");

  private final Map<Long, List<Long>> children = new HashMap<>();
  private final Map<Long, Long> rssBytes = new HashMap<>();

  private ProcessTable() {}

  /** Whether this host has a {@code /proc} to read (Linux). */
  static boolean available() {
    return Files.isDirectory(PROC.resolve("self"));
  }

  /** Reads {@code /proc} now; empty on a host without it. */
  static ProcessTable read() {
    ProcessTable table = new ProcessTable();
    if (!available()) {
      return table;
    }
    try (DirectoryStream<Path> all = Files.newDirectoryStream(PROC)) {
      for (Path dir : all) {
        String name = dir.getFileName().toString();
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
          table.add(Long.parseLong(name), dir.resolve("status"));
        }
      }
    } catch (IOException e) {
      // Unreadable /proc: every tree reads as 0, and nothing is killed for memory.
    }
    return table;
  }

  private void add(long pid, Path status) {
    long parent = -1;
    long rss = 0;
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("PPid:")) {
          parent = Long.parseLong(line.substring(5).strip());
        } else if (line.startsWith("VmRSS:")) {
          // "VmRSS:	   12345 kB"
          String value = line.substring(6).strip();
          rss = Long.parseLong(value.substring(0, value.indexOf(' '))) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return; // ended while being read, or not ours to read
    }
    children.computeIfAbsent(parent, p -> new ArrayList<>()).add(pid);
    rssBytes.put(pid, rss);
  }

  /**
   * Resident bytes of {@code root} and every process below it; without {@code root}'s own when
   * {@code withRoot} is false (the launcher, which is the service's, not the module's).
   */
  long treeRss(long root, boolean withRoot) {
    long total = withRoot ? rssBytes.getOrDefault(root, 0L) : 0;
    Deque<Long> todo = new ArrayDeque<>(children.getOrDefault(root, List.of()));
    while (!todo.isEmpty()) {
      long pid = todo.pop();
      total += rssBytes.getOrDefault(pid, 0L);
      todo.addAll(children.getOrDefault(pid, List.of()));
    }
    return total;
  }
}
