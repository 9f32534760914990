package dev.taskmill.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The domain does not depend on the web layer: no class outside {@code dev.taskmill.api} names
 * anything in it. Domain failures live in {@code dev.taskmill.failure}; {@code api.ProblemMapper}
 * maps them.
 */
class LayersTest {

  private static final Path MAIN = Path.of("src/main/java");
  private static final Path API = MAIN.resolve("dev/taskmill/api");

  // An import, a static import, or a fully qualified name in code.
  private static final Pattern USES_API = Pattern.compile("\\bdev\\.taskmill\\.api\\b");

  @Test
  void onlyTheApiPackageUsesTheApiPackage() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> !f.startsWith(API))
              .flatMap(LayersTest::usesOfApi)
              .toList();
    }
    assertThat(offenders).as("classes outside dev.taskmill.api that use it").isEmpty();
  }

  @Test
  void theScanSeesTheSources() throws IOException {
    // Guards the test above from passing because it looked in the wrong place.
    try (Stream<Path> files = Files.walk(API)) {
      assertThat(
              files
                  .filter(f -> f.toString().endsWith(".java"))
                  .filter(f -> usesOfApi(f).findAny().isPresent())
                  .count())
          .isPositive();
    }
  }

  private static Stream<String> usesOfApi(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return IntStream.range(0, lines.size())
          .filter(i -> USES_API.matcher(lines.get(i)).find())
          .mapToObj(i -> MAIN.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
