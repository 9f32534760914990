package dev.taskmill.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The container images cannot be built here (no container engine), so this keeps their Dockerfiles
 * honest against the real build output: it runs after {@code package} (failsafe) and checks that
 * every path a Dockerfile copies from the build context exists, that the context's .dockerignore
 * lets it through, and that the fast-jar layout is the one Quarkus produced.
 */
class DockerfileLayoutIT {

  private static final Path DOCKER = Path.of("src/main/docker");
  private static final Pattern COPY =
      Pattern.compile("^(?:COPY|ADD)\\s+((?:--\\S+\\s+)*)(.+)$", Pattern.CASE_INSENSITIVE);

  @Test
  void everyCopiedPathExistsInTheBuildOutput() throws IOException {
    List<String> checked = new ArrayList<>();
    for (String name : List.of("Dockerfile.jvm", "Dockerfile.native")) {
      for (String source : copiedSources(DOCKER.resolve(name))) {
        String where = name + ": COPY " + source;
        if (source.equals("target/*-runner")) {
          // Only a native build makes it; check the name the native profile gives it instead.
          assertThat(Files.readString(Path.of("pom.xml")))
              .as(where)
              .contains(
                  "<native.image.path>${project.build.directory}/${project.build.finalName}-runner");
          checked.add(source);
          continue;
        }
        assertThat(matches(source)).as(where + " matches nothing in the build output").isNotEmpty();
        assertThat(allowedByDockerignore(source))
            .as(where + " is excluded by .dockerignore")
            .isTrue();
        checked.add(source);
      }
    }
    assertThat(checked)
        .contains(
            "target/quarkus-app/lib/",
            "target/quarkus-app/*.jar",
            "target/quarkus-app/app/",
            "target/quarkus-app/quarkus/",
            "modules/",
            "sdk/python/runtime/",
            "src/main/docker/prepare-modules.sh",
            "target/*-runner");
  }

  @Test
  void theFastJarLayoutIsWhatTheJvmImageRuns() throws IOException {
    Path app = Path.of("target/quarkus-app");
    assertThat(app.resolve("quarkus-run.jar")).isRegularFile();
    assertThat(app.resolve("quarkus/quarkus-application.dat")).isRegularFile();
    assertThat(Files.list(app.resolve("lib/main")).count()).isGreaterThan(50);
    assertThat(Files.readString(DOCKER.resolve("Dockerfile.jvm")))
        .contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"")
        .contains("prepare-modules.sh java -jar /deployments/quarkus-run.jar");
    assertThat(DOCKER.resolve("prepare-modules.sh")).isExecutable();
    // Each module the image sets up has its main.py where TASKMILL_MODULES_DIR points.
    try (Stream<Path> modules = Files.list(Path.of("modules"))) {
      assertThat(modules.filter(Files::isDirectory))
          .isNotEmpty()
          .allSatisfy(m -> assertThat(m.resolve("main.py")).isRegularFile());
    }
  }

  /** Context paths of COPY/ADD lines (not those copying from another stage). */
  static List<String> copiedSources(Path dockerfile) throws IOException {
    List<String> sources = new ArrayList<>();
    for (String line : Files.readAllLines(dockerfile)) {
      Matcher m = COPY.matcher(line.trim());
      if (!m.matches() || m.group(1).contains("--from=")) {
        continue;
      }
      String[] parts = m.group(2).trim().split("\\s+");
      for (int i = 0; i < parts.length - 1; i++) {
        sources.add(parts[i]);
      }
    }
    return sources;
  }

  private static List<Path> matches(String source) throws IOException {
    String glob = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
    if (!glob.contains("*")) {
      Path path = Path.of(glob);
      return Files.exists(path) ? List.of(path) : List.of();
    }
    Path dir = Path.of(glob).getParent();
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(matcher::matches).toList();
    }
  }

  private static boolean allowedByDockerignore(String source) throws IOException {
    boolean allowed = true;
    String path = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
    for (String raw : Files.readAllLines(Path.of(".dockerignore"))) {
      String line = raw.trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean negate = line.startsWith("!");
      String pattern = negate ? line.substring(1) : line;
      pattern = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
      boolean hit =
          pattern.equals("*")
              || pattern.equals(path)
              || path.startsWith(pattern + "/")
              || FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(Path.of(path));
      if (hit) {
        allowed = negate;
      }
    }
    return allowed;
  }
}
