package dev.taskmill.module.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Resident memory of a process and everything it started, from /proc (Linux). */
final class ProcessTreeMemory {

  private static final long PAGE_BYTES = 4096;

  private ProcessTreeMemory() {}

  /** Bytes resident now for {@code pid} and its descendants; null where /proc cannot say. */
  static Long rssBytes(long pid) {
    return ProcessHandle.of(pid)
        .map(
            root ->
                Stream.concat(Stream.of(root), root.descendants())
                    .mapToLong(p -> resident(p.pid()))
                    .sum())
        .filter(total -> total > 0)
        .orElse(null);
  }

  private static long resident(long pid) {
    try {
      String[] fields =
          Files.readString(Path.of("/proc", Long.toString(pid), "statm"), StandardCharsets.US_ASCII)
              .trim()
              .split(" ");
      return Long.parseLong(fields[1]) * PAGE_BYTES;
    } catch (IOException | RuntimeException e) {
      return 0; // ended meanwhile, or no /proc here
    }
  }
}
