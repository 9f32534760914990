package dev.taskmill.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Classes stay small enough to read in one sitting (issue 13's rule): no main Java file over 300
 * lines except the media parsers, whose formats are long by nature, and the task runner, which only
 * coordinates claim → invoke → settle, under 200.
 */
class SourceSizesTest {

  private static final Path MAIN = Path.of("src/main/java");
  private static final int MAX_LINES = 300;
  private static final Path MEDIA_PARSERS = MAIN.resolve("dev/taskmill/media");

  @Test
  void noMainFileIsOverThreeHundredLinesButTheMediaParsers() throws IOException {
    Map<String, Long> over = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        long lines = lines(file);
        if (lines > MAX_LINES && !file.startsWith(MEDIA_PARSERS)) {
          over.put(MAIN.relativize(file).toString(), lines);
        }
      }
    }
    assertThat(over).as("files over %d lines (split them by job)", MAX_LINES).isEmpty();
  }

  @Test
  void theTaskRunnerOnlyCoordinates() throws IOException {
    assertThat(lines(MAIN.resolve("dev/taskmill/task/run/TaskRunner.java"))).isLessThan(200);
  }

  private static long lines(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    }
  }
}
